/* ACPI table generator: machine description in, RSDP + tables out (no I/O; host-testable). */
#ifndef VMFW_ACPI_H
#define VMFW_ACPI_H

#include <stdbool.h>	/* bool */
#include <stddef.h>	/* size_t */
#include <stdint.h>	/* uint*_t */

/* Identification written into every table header. */
#define ACPI_OEM_ID		"VMFW"		/* padded to 6 with spaces */
#define ACPI_CREATOR_ID		"VMFW"
#define ACPI_CREATOR_REVISION	1

#define ACPI_MAX_CPUS		255
#define ACPI_MAX_PCI_FNS	256
#define ACPI_MAX_TABLES		12
#define ACPI_RSDP_SIZE		36

/* Suggested size of the table buffer: enough for ACPI_MAX_PCI_FNS functions behind bridges. Above
 * its first quarter it is AML scratch during the build and zeroed after; only result.used is tables. */
#define ACPI_BUF_SIZE		(512 * 1024)

enum acpi_chipset {
	ACPI_CHIPSET_PIIX = 0,	/* i440fx + PIIX3/PIIX4 PM: -M pc */
	ACPI_CHIPSET_Q35 = 1,	/* Q35 + ICH9 LPC: -M q35 */
};

/* Variant feature bits (filled by the machine-type helper). */
#define ACPI_VF_NO_HPET		(1u << 0)	/* describe no HPET even when present */
#define ACPI_VF_NO_PVPANIC	(1u << 1)	/* leave the pvpanic device out of the DSDT */
#define ACPI_VF_CPU_DEVICES	(1u << 2)	/* processor devices (ACPI0007) for present CPUs */

/* Which table variant the machine type asked for. Zero-initialised means "defaults". */
struct acpi_variant {
	const char *name;	/* e.g. "pc-q35-7.2"; shown as \VMFW.VARN */
	const char *token_source; /* where the name came from, e.g. "opt/vmfw/machine-type"; \VMFW.VSRC */
	uint8_t fadt_rev;	/* 1 or 3; 0 = chipset default (1 on PIIX, 3 on Q35) */
	uint32_t features;	/* ACPI_VF_* */
	bool rsdp_rev0;		/* RSDP revision 0 (RSDT only, 20 bytes); default revision 2 */
};

/* One PCI function as enumerated. Bridges name their secondary bus; their children are the
 * functions whose bus equals it. */
struct acpi_pci_fn {
	uint8_t bus;
	uint8_t devfn;		/* slot << 3 | function */
	bool is_bridge;
	uint8_t secondary;	/* bridges: secondary bus number */
};

struct acpi_window {
	uint64_t base, size;	/* size 0: absent */
};

struct acpi_machine {
	enum acpi_chipset chipset;
	struct acpi_variant variant;

	/* CPUs: possible ones get a MADT entry; the first ncpus_present are enabled. */
	unsigned ncpus_possible;
	unsigned ncpus_present;
	uint32_t apic_id[ACPI_MAX_CPUS];	/* by CPU index */

	/* I/O APIC */
	uint32_t ioapic_addr;		/* 0xfec00000 */
	uint8_t ioapic_id;
	uint32_t ioapic_gsi_base;
	/* ISA IRQs routed level/active-high (MADT overrides): bit n = IRQ n; SCI always included */
	uint16_t pci_level_irqs;	/* 0 = 0x0e20 (IRQ 5, 9, 10, 11) */

	/* HPET */
	bool hpet_present;
	uint64_t hpet_addr;		/* 0xfed00000 */
	uint32_t hpet_block_id;		/* low 32 bits of the HPET capabilities register; 0 = 0x8086a201 */

	/* PCI Express ECAM (Q35: from the PCIEXBAR vmfw programmed) */
	uint64_t ecam_base;
	uint64_t ecam_size;
	uint8_t ecam_bus_start, ecam_bus_end;

	/* ACPI PM I/O (PIIX4 PM at 00:01.3 PMBA, ICH9 LPC PMBASE) */
	uint16_t pm_io_base;		/* e.g. 0x600 (PIIX4 in vmfw) or 0x600 (ICH9) */
	uint8_t sci_irq;		/* 9 */
	uint16_t gpe0_addr;		/* PIIX4: 0xafe0; ICH9: pm_io_base + 0x20 */
	uint8_t gpe0_len;		/* PIIX4: 4; ICH9: 16 */
	uint16_t smi_cmd;		/* 0 = hardware always in ACPI mode (firmware set SCI_EN) */
	uint8_t acpi_enable, acpi_disable;
	uint16_t reset_port;		/* 0xcf9 */
	uint8_t reset_value;		/* 0 = 0x06 */

	/* Sleep states allowed by etc/system-states (S5 always present) */
	bool s3_allowed, s4_allowed;
	uint8_t s3_typ, s4_typ;		/* SLP_TYP values */

	/* Root bus resources the PCI allocator used, described in \_SB.PCI0._CRS */
	uint8_t root_bus_end;		/* highest bus number behind PCI0 */
	struct acpi_window root_io;
	struct acpi_window root_mem32;
	struct acpi_window root_mem64;

	/* Enumerated PCI functions (all buses) */
	unsigned npci;
	struct acpi_pci_fn pci[ACPI_MAX_PCI_FNS];

	/* ISA devices */
	uint16_t pvpanic_port;		/* 0 = absent */
	bool com1_present;
};

struct acpi_table_rec {
	char sig[5];
	uint64_t addr;
	uint32_t len;
	uint8_t checksum;
};

struct acpi_result {
	uint8_t rsdp[ACPI_RSDP_SIZE];	/* revision 2; place it in 0xe0000-0xfffff on a 16-byte boundary */
	unsigned ntables;
	struct acpi_table_rec tables[ACPI_MAX_TABLES];
	uint64_t used;			/* bytes of buf occupied by tables (from buf_phys) */
	uint64_t facs_addr;		/* reported separately: e820 ACPI NVS */
	uint64_t rsdt_addr, xsdt_addr, dsdt_addr;
	uint64_t rsdp_addr;		/* set by the caller once it placed rsdp; acpi_report lists it */
};

/* Fills m with defaults for a chipset (PM base 0x600, SCI 9, IOAPIC, HPET, reset 0xcf9, S5 only). */
void acpi_machine_defaults(struct acpi_machine *m, enum acpi_chipset chipset);

/*
 * Lays every table into buf (guest-physical address buf_phys; table pointers use it):
 * FACS (64-byte aligned), DSDT, SSDT, FADT, MADT, HPET, MCFG, RSDT, XSDT. The RSDP goes to
 * out->rsdp only. The upper part of buf serves as AML scratch while building.
 * Returns 0, or -1 after logging why (buffer too small, bad description, arena exhausted).
 */
int acpi_build(const struct acpi_machine *m, uint8_t *buf, uint64_t buf_phys, size_t buf_size,
	       struct acpi_result *out);

/* One inventory record per table:
 * {"type":"acpi","sig":"DSDT","addr":"0x...","len":"0x...","checksum":"0x.."} */
void acpi_report(const struct acpi_result *r);

/* Byte sum helper (a table is valid when acpi_checksum over its length is 0). */
uint8_t acpi_checksum(const uint8_t *p, size_t len);

/* Builds the DSDT body / SSDT body AML (after the 36-byte header) into out; returns its length,
 * 0 on failure. Used by acpi_build; exposed for tests. scratch holds the AML arena. */
size_t acpi_build_dsdt_aml(const struct acpi_machine *m, uint8_t *out, size_t cap, void *scratch, size_t scratch_size);
size_t acpi_build_ssdt_aml(const struct acpi_machine *m, uint8_t *out, size_t cap, void *scratch, size_t scratch_size);

#endif
