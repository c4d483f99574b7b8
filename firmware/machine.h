/* The machine stage shared by the BIOS and UEFI builds: token -> variant. */
#ifndef VMFW_MACHINE_H
#define VMFW_MACHINE_H

#include "hwops.h"	/* struct pci_cfg_ops */
#include "variant.h"	/* struct variant_choice */

/*
 * Reads the machine-type token (opt/vmfw/machine-type, SMBIOS type 1, legacy SMBIOS, host
 * bridge inference), selects and reports the variant. strict=1 turns an unusable or
 * contradicting token into die(). fw_cfg and the options must be read before.
 */
void machine_stage(const struct pci_cfg_ops *cfg, struct variant_choice *out, enum machine_family *hw);

#endif
