/* The ACPI stage of the boot flow: describe the machine, build, place, report. */
#ifndef VMFW_ACPI_STAGE_H
#define VMFW_ACPI_STAGE_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint64_t */
#include "e820.h"	/* struct e820_map */
#include "variant.h"	/* struct variant_choice */

/* Builds every table below 4 GiB (e820 ACPI, FACS page NVS), the RSDP at 0xE0000 (locked
 * read-only via PAM). Returns the RSDP address for boot_params, 0 when nothing was built. */
uint64_t acpi_stage(struct e820_map *map, const struct variant_choice *v, bool q35);

#endif
