/* PIIX4 PM / ICH9 LPC ACPI registers and PAM; everything through the config and port ops. */
#include "acpi_hw.h"	/* acpi_hw_* */
#include "log.h"	/* log_* */

/* PIIX4 function 3 (power management) */
#define PIIX4_PM_BDF		PCI_BDF(0, 1, 3)
#define PIIX4_PMBA		0x40	/* PM base address, bit 0 reads as 1 (I/O) */
#define PIIX4_PMREGMISC		0x80
#define  PIIX4_PMIOSE		0x01	/* PM I/O space enable */
/* ICH9 LPC (function 0 of device 31) */
#define ICH9_LPC_BDF		PCI_BDF(0, 0x1f, 0)
#define ICH9_PMBASE		0x40
#define ICH9_ACPI_CNTL		0x44
#define  ICH9_ACPI_EN		0x80	/* bits 2:0 = 0: SCI on IRQ 9 */
/* PM1a control: SCI_EN is bit 0 (ACPI 4.8.3.2.1) */
#define PM1_CNT_OFF		0x04
#define  PM1_CNT_SCI_EN		0x0001
/* PAM registers: i440fx 0x59-0x5f, q35 MCH 0x90-0x96. PAM5 covers 0xE0000-0xE7FFF, PAM6 0xE8000-0xEFFFF. */
#define I440FX_PAM0		0x59
#define Q35_PAM0		0x90
#define  PAM_RW_DRAM		0x33	/* both halves: reads and writes go to DRAM */
#define  PAM_RO_DRAM		0x11	/* both halves: reads from DRAM, writes ignored */

bool acpi_hw_enable_pm(const struct hw *hw, bool q35, uint16_t pm_base)
{
	const struct pci_cfg_ops *cfg = hw->cfg;
	uint16_t bdf = q35 ? ICH9_LPC_BDF : PIIX4_PM_BDF;
	uint16_t did = pci_read16(cfg, bdf, 0x02);

	if (pci_read16(cfg, bdf, 0x00) != 0x8086 || did != (q35 ? 0x2918 : 0x7113)) {
		log_err("acpi: PM function %s not found at its usual place (ID %04x)",
			q35 ? "ICH9 LPC" : "PIIX4 PM", did);
		return false;
	}
	if (q35) {
		pci_write32(cfg, bdf, ICH9_PMBASE, pm_base | 1);
		pci_write8(cfg, bdf, ICH9_ACPI_CNTL, ICH9_ACPI_EN);
	} else {
		pci_write32(cfg, bdf, PIIX4_PMBA, pm_base | 1);
		pci_write8(cfg, bdf, PIIX4_PMREGMISC, PIIX4_PMIOSE);
	}
	/* The FADT says SMI_CMD 0: the hardware is already in ACPI mode, so set SCI_EN here. */
	uint16_t cnt = hw->pio->in16(hw->pio->ctx, (uint16_t)(pm_base + PM1_CNT_OFF));
	hw->pio->out16(hw->pio->ctx, (uint16_t)(pm_base + PM1_CNT_OFF), (uint16_t)(cnt | PM1_CNT_SCI_EN));
	cnt = hw->pio->in16(hw->pio->ctx, (uint16_t)(pm_base + PM1_CNT_OFF));
	log_info("acpi: PM I/O at 0x%x (%s), SCI IRQ 9, SCI_EN %s", pm_base, q35 ? "ICH9" : "PIIX4",
		 (cnt & PM1_CNT_SCI_EN) ? "set" : "NOT set");
	return (cnt & PM1_CNT_SCI_EN) != 0;
}

void acpi_hw_bios_area(const struct hw *hw, bool q35, bool writable)
{
	uint16_t pam0 = q35 ? Q35_PAM0 : I440FX_PAM0;
	uint8_t v = writable ? PAM_RW_DRAM : PAM_RO_DRAM;
	pci_write8(hw->cfg, PCI_BDF(0, 0, 0), (uint16_t)(pam0 + 5), v);
	pci_write8(hw->cfg, PCI_BDF(0, 0, 0), (uint16_t)(pam0 + 6), v);
}
