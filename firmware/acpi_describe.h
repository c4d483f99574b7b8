/* The part of struct acpi_machine both builds fill the same way. */
#ifndef VMFW_ACPI_DESCRIBE_H
#define VMFW_ACPI_DESCRIBE_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint64_t */
#include "acpi.h"	/* struct acpi_machine */
#include "variant.h"	/* struct variant_choice */

/*
 * Chipset defaults, the variant (name, "source:token" written to src[cap], FADT and RSDP
 * revisions, pvpanic exposure), CPUs from fw_cfg (APIC IDs contiguous, as QEMU numbers them
 * for its default topologies), HPET when it answers at 0xFED00000, ECAM (ecam_size 0: none),
 * S3/S4 from etc/system-states gated by the variant, the ISA pvpanic port and COM1.
 * The caller adds the PCI windows and functions and the PM block.
 */
void acpi_describe_common(struct acpi_machine *m, char *src, size_t cap, const struct variant_choice *v,
			  bool q35, uint64_t ecam_base, uint64_t ecam_size);

#endif
