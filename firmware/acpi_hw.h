/* Chipset side of ACPI: PM I/O block and SCI on PIIX4 / ICH9, the 0xE0000 BIOS area via PAM. */
#ifndef VMFW_ACPI_HW_H
#define VMFW_ACPI_HW_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct hw */

#define ACPI_PM_BASE		0x600	/* PM1a_EVT; PM1a_CNT +4, PM_TMR +8 */
#define PIIX4_GPE0_BASE		0xafe0	/* fixed in QEMU's PIIX4 PM */
#define PIIX4_GPE0_LEN		4
#define ICH9_GPE0_OFF		0x20
#define ICH9_GPE0_LEN		16

/* Finds the PM function (PIIX4 00:01.3 or ICH9 LPC 00:1f.0), programs the PM base, enables
 * decoding and SCI_EN. Returns false (logged) when the function is not where expected. */
bool acpi_hw_enable_pm(const struct hw *hw, bool q35, uint16_t pm_base);

/* 0xE0000-0xEFFFF as RAM: writable (true) or read-only (false) via the host bridge PAM. */
void acpi_hw_bios_area(const struct hw *hw, bool q35, bool writable);

#endif
