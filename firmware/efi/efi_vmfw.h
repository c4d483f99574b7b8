/* The UEFI build's stages (firmware/efi/): PCI verification, MSI-X, ACPI install, Linux start. */
#ifndef VMFW_EFI_VMFW_H
#define VMFW_EFI_VMFW_H

#include <efi.h>	/* EFI_HANDLE, EFI_SYSTEM_TABLE */
#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "variant.h"	/* struct variant_choice */

/* Raise the TPL to TPL_HIGH_LEVEL (begin) and restore it: no timer callback of OVMF runs between. */
void efi_quiesce(void *arg, bool begin);

/*
 * q35: reads the PCIEXBAR OVMF programmed (MCH 00:00.0 reg 0x60) and switches config access to
 * that ECAM (never reprograms it); then runs the read-only verifier (pci/pci_verify.c) and writes
 * its inventory. *ecam_base / *ecam_size: 0 when there is no ECAM.
 */
void efi_pci_stage(bool q35, uint64_t *ecam_base, uint64_t *ecam_size);
/* What the verifier found (root spans for the DSDT _CRS). */
struct pci_verify_result;
const struct pci_verify_result *efi_pci_result(void);

/* Capability walks on every function; MSI-X programmed, verified and handed back (no interrupt proof). */
void efi_msix_stage(void);

/*
 * Builds vmfw's ACPI tables in EfiACPIReclaimMemory below 4 GiB (the FACS page EfiACPIMemoryNVS)
 * and installs vmfw's RSDP as the ACPI 2.0 and 1.0 configuration tables in place of OVMF's.
 */
void efi_acpi_stage(const struct variant_choice *v, bool q35, uint64_t ecam_base, uint64_t ecam_size);

/*
 * Loads \vmlinuz from the volume vmfw.efi was started from and starts it through its EFI stub
 * with \cmdline.txt (+ initrd=\initrd.img when that file exists) as LoadOptions. No \vmlinuz:
 * inventory done ("no kernel"), isa-debug-exit, halt. Returns only if StartImage returns.
 */
void efi_boot_linux(EFI_HANDLE image);

#endif
