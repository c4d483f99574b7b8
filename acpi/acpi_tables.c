/* Fixed ACPI tables (RSDP, RSDT, XSDT, FADT, FACS, MADT, HPET, MCFG) and the table layout. */
#include "acpi.h"	/* struct acpi_machine, acpi_build, acpi_report */
#include "inventory.h"	/* inv_begin, inv_str, inv_hex, inv_end */
#include "log.h"	/* log_err, log_info, log_debug */
#include "util.h"	/* memcpy, memset, put_le*, ALIGN_UP */

#define ACPI_TAIL_MAX	(64 * 1024)

/* ACPI 6.4 section 5.2.6: every description table starts with this 36-byte header */
#define ACPI_HDR_LEN		36
#define ACPI_HDR_LENGTH_OFF	4
#define ACPI_HDR_CHECKSUM_OFF	9

/* GAS address space ids and access sizes (5.2.3.2) */
#define GAS_SYSTEM_MEMORY	0
#define GAS_SYSTEM_IO		1
#define GAS_ACCESS_BYTE		1
#define GAS_ACCESS_WORD		2
#define GAS_ACCESS_DWORD	3

/* FADT flags (5.2.9, table 5.10) */
#define FADT_F_WBINVD		(1u << 0)
#define FADT_F_PROC_C1		(1u << 2)
#define FADT_F_SLP_BUTTON	(1u << 5)
#define FADT_F_RTC_S4		(1u << 7)
#define FADT_F_RESET_REG_SUP	(1u << 10)
#define FADT_F_USE_PLATFORM_CLOCK (1u << 15)
#define FADT_F_FORCE_APIC_CLUSTER_MODEL (1u << 18)
/* IA-PC boot architecture flags (5.2.9.3) */
#define FADT_BOOT_LEGACY_DEVICES (1u << 0)
#define FADT_BOOT_8042		(1u << 1)
#define FADT_REV1_LEN		116
#define FADT_REV3_LEN		244

/* MADT (5.2.12) */
#define MADT_PCAT_COMPAT	(1u << 0)
#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_ISO		2
#define MADT_LAPIC_NMI		4
#define MADT_X2APIC		9
#define MADT_LAPIC_ENABLED	(1u << 0)
#define MPS_INTI_POLARITY_HIGH	0x1
#define MPS_INTI_TRIGGER_LEVEL	(0x3 << 2)
#define LAPIC_DEFAULT_ADDR	0xfee00000u

#define RTC_CENTURY_REG		0x32	/* CMOS century byte QEMU keeps */
#define QEMU_HPET_BLOCK_ID	0x8086a201u	/* QEMU HPET: vendor 8086, 3 timers, 64-bit, legacy capable */
#define TABLE_ALIGN		16

uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum;
}

/* ---- a table under construction: appended field by field ---- */

struct tbl {
	uint8_t *p;		/* start of the table */
	uint64_t phys;
	size_t len, cap;
	bool overflow;
};

static void put(struct tbl *t, uint64_t v, unsigned width)
{
	if (t->len + width > t->cap) {
		t->overflow = true;
		return;
	}
	for (unsigned i = 0; i < width; i++)
		t->p[t->len + i] = (uint8_t)(v >> (8 * i));
	t->len += width;
}
static void put8(struct tbl *t, uint64_t v) { put(t, v, 1); }
static void put16(struct tbl *t, uint64_t v) { put(t, v, 2); }
static void put32(struct tbl *t, uint64_t v) { put(t, v, 4); }
static void put64(struct tbl *t, uint64_t v) { put(t, v, 8); }

static void put_str(struct tbl *t, const char *s, unsigned width)
{
	size_t n = strlen(s);
	for (unsigned i = 0; i < width; i++)
		put8(t, i < n ? (uint8_t)s[i] : ' ');
}

static void put_zeros(struct tbl *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		put8(t, 0);
}

/* Generic Address Structure (5.2.3.2) */
static void put_gas(struct tbl *t, uint8_t space, uint8_t bit_width, uint8_t access, uint64_t addr)
{
	put8(t, space);		/* Address Space ID */
	put8(t, bit_width);	/* Register Bit Width */
	put8(t, 0);		/* Register Bit Offset */
	put8(t, addr ? access : 0);	/* Access Size */
	put64(t, addr);		/* Address */
}

/* ---- layout of the whole buffer ---- */

struct layout {
	uint8_t *buf;
	uint64_t phys;
	size_t size;	/* currently usable bytes of buf */
	size_t off;
	struct acpi_result *out;
	bool failed;
};

static void table_begin(struct layout *l, struct tbl *t, size_t align)
{
	size_t off = ALIGN_UP(l->off + (size_t)l->phys, align) - (size_t)l->phys;
	memset(t, 0, sizeof(*t));
	if (off >= l->size) {
		t->overflow = true;
		return;
	}
	t->p = l->buf + off;
	t->phys = l->phys + off;
	t->cap = l->size - off;
}

/* Description header (5.2.6); length and checksum are patched by table_end. */
static void header(struct tbl *t, const char *sig, uint8_t rev, const char *oem_table_id)
{
	put_str(t, sig, 4);		/* Signature */
	put32(t, 0);			/* Length (patched) */
	put8(t, rev);			/* Revision */
	put8(t, 0);			/* Checksum (patched) */
	put_str(t, ACPI_OEM_ID, 6);	/* OEMID */
	put_str(t, oem_table_id, 8);	/* OEM Table ID */
	put32(t, 1);			/* OEM Revision */
	put_str(t, ACPI_CREATOR_ID, 4);	/* Creator ID */
	put32(t, ACPI_CREATOR_REVISION);	/* Creator Revision */
}

/* Records the table, patches length and checksum (has_header), advances the layout. */
static uint64_t table_end(struct layout *l, struct tbl *t, const char *sig, bool has_header)
{
	if (t->overflow || l->failed) {
		if (!l->failed)
			log_err("acpi: %s does not fit in the %zu-byte table buffer", sig, l->size);
		l->failed = true;
		return 0;
	}
	uint8_t sum = 0;
	if (has_header) {
		put_le32(t->p + ACPI_HDR_LENGTH_OFF, (uint32_t)t->len);
		t->p[ACPI_HDR_CHECKSUM_OFF] = 0;
		t->p[ACPI_HDR_CHECKSUM_OFF] = (uint8_t)(0 - acpi_checksum(t->p, t->len));
		sum = t->p[ACPI_HDR_CHECKSUM_OFF];
	}
	struct acpi_result *r = l->out;
	if (r->ntables < ACPI_MAX_TABLES) {
		struct acpi_table_rec *rec = &r->tables[r->ntables++];
		memcpy(rec->sig, sig, 4);
		rec->sig[4] = '\0';
		rec->addr = t->phys;
		rec->len = (uint32_t)t->len;
		rec->checksum = sum;
	}
	l->off = (size_t)(t->phys - l->phys) + t->len;
	log_debug("acpi: %s at 0x%llx len 0x%zx", sig, (unsigned long long)t->phys, t->len);
	return t->phys;
}

/* ---- the tables ---- */

static unsigned fadt_rev(const struct acpi_machine *m)
{
	if (m->variant.fadt_rev)
		return m->variant.fadt_rev;
	return m->chipset == ACPI_CHIPSET_Q35 ? 3 : 1;
}

/* FACS (5.2.10): 64 bytes, 64-byte aligned, no checksum */
static uint64_t build_facs(struct layout *l, unsigned frev)
{
	struct tbl t;
	table_begin(l, &t, 64);
	put_str(&t, "FACS", 4);	/* Signature */
	put32(&t, 64);		/* Length */
	put32(&t, 0);		/* Hardware Signature */
	put32(&t, 0);		/* Firmware Waking Vector */
	put32(&t, 0);		/* Global Lock */
	put32(&t, 0);		/* Flags */
	put64(&t, 0);		/* X Firmware Waking Vector */
	put8(&t, frev >= 2 ? 1 : 0);	/* Version */
	put_zeros(&t, 3);	/* Reserved */
	put32(&t, 0);		/* OSPM Flags */
	put_zeros(&t, 24);	/* Reserved */
	return table_end(l, &t, "FACS", false);
}

/* DSDT / SSDT: header + AML built by acpi_dsdt.c */
static uint64_t build_aml_table(struct layout *l, const struct acpi_machine *m, const char *sig,
				const char *oem_table_id, void *scratch, size_t scratch_size)
{
	struct tbl t;
	table_begin(l, &t, TABLE_ALIGN);
	header(&t, sig, 2, oem_table_id);	/* revision 2: 64-bit AML integers */
	if (t.overflow) {
		table_end(l, &t, sig, true);
		return 0;
	}
	size_t n = sig[0] == 'D' ?
		acpi_build_dsdt_aml(m, t.p + t.len, t.cap - t.len, scratch, scratch_size) :
		acpi_build_ssdt_aml(m, t.p + t.len, t.cap - t.len, scratch, scratch_size);
	if (!n) {
		l->failed = true;
		return 0;
	}
	t.len += n;
	return table_end(l, &t, sig, true);
}

/* FADT (5.2.9): revision 1 (116 bytes) or 3 (244 bytes, with the X_ fields) */
static uint64_t build_fadt(struct layout *l, const struct acpi_machine *m, unsigned frev,
			   uint64_t facs, uint64_t dsdt)
{
	struct tbl t;
	uint16_t pm = m->pm_io_base;
	/* PWR_BUTTON clear: the power button is the fixed-feature one (PM1 PWRBTN_STS, what QEMU's
	 * system_powerdown raises), so the DSDT has no PNP0C0C device; no sleep button at all. */
	uint32_t flags = FADT_F_WBINVD | FADT_F_PROC_C1 | FADT_F_SLP_BUTTON | FADT_F_RTC_S4;

	if (frev >= 2)
		flags |= FADT_F_RESET_REG_SUP | FADT_F_USE_PLATFORM_CLOCK;
	if (frev >= 3 && m->ncpus_possible > 8)
		flags |= FADT_F_FORCE_APIC_CLUSTER_MODEL;	/* flat logical mode tops out at 8 CPUs */

	table_begin(l, &t, TABLE_ALIGN);
	header(&t, "FACP", (uint8_t)frev, "VMFWFACP");
	put32(&t, facs);		/* FIRMWARE_CTRL */
	put32(&t, dsdt);		/* DSDT */
	put8(&t, frev == 1 ? 1 : 0);	/* INT_MODEL in 1.0 (multiple APIC); reserved since 2.0 */
	put8(&t, 0);			/* Preferred_PM_Profile: unspecified */
	put16(&t, m->sci_irq);		/* SCI_INT */
	put32(&t, m->smi_cmd);		/* SMI_CMD */
	put8(&t, m->smi_cmd ? m->acpi_enable : 0);	/* ACPI_ENABLE */
	put8(&t, m->smi_cmd ? m->acpi_disable : 0);	/* ACPI_DISABLE */
	put8(&t, 0);			/* S4BIOS_REQ */
	put8(&t, 0);			/* PSTATE_CNT */
	put32(&t, pm);			/* PM1a_EVT_BLK */
	put32(&t, 0);			/* PM1b_EVT_BLK */
	put32(&t, pm + 4u);		/* PM1a_CNT_BLK */
	put32(&t, 0);			/* PM1b_CNT_BLK */
	put32(&t, 0);			/* PM2_CNT_BLK */
	put32(&t, pm + 8u);		/* PM_TMR_BLK */
	put32(&t, m->gpe0_addr);	/* GPE0_BLK */
	put32(&t, 0);			/* GPE1_BLK */
	put8(&t, 4);			/* PM1_EVT_LEN */
	put8(&t, 2);			/* PM1_CNT_LEN */
	put8(&t, 0);			/* PM2_CNT_LEN */
	put8(&t, 4);			/* PM_TMR_LEN */
	put8(&t, m->gpe0_addr ? m->gpe0_len : 0);	/* GPE0_BLK_LEN */
	put8(&t, 0);			/* GPE1_BLK_LEN */
	put8(&t, 0);			/* GPE1_BASE */
	put8(&t, 0);			/* CST_CNT */
	put16(&t, 0x0fff);		/* P_LVL2_LAT: > 100, C2 not supported */
	put16(&t, 0x0fff);		/* P_LVL3_LAT: > 1000, C3 not supported */
	put16(&t, 0);			/* FLUSH_SIZE */
	put16(&t, 0);			/* FLUSH_STRIDE */
	put8(&t, 0);			/* DUTY_OFFSET */
	put8(&t, 0);			/* DUTY_WIDTH */
	put8(&t, 0);			/* DAY_ALRM */
	put8(&t, 0);			/* MON_ALRM */
	put8(&t, RTC_CENTURY_REG);	/* CENTURY */
	put16(&t, frev >= 2 ? FADT_BOOT_LEGACY_DEVICES | FADT_BOOT_8042 : 0);	/* IAPC_BOOT_ARCH */
	put8(&t, 0);			/* Reserved */
	put32(&t, flags);		/* Flags */
	if (frev >= 2) {
		put_gas(&t, GAS_SYSTEM_IO, 8, GAS_ACCESS_BYTE, m->reset_port ? m->reset_port : 0xcf9);	/* RESET_REG */
		put8(&t, m->reset_value ? m->reset_value : 0x06);	/* RESET_VALUE: full reset + CPU reset */
		put_zeros(&t, 3);		/* ARM_BOOT_ARCH, FADT Minor Version */
		put64(&t, facs);		/* X_FIRMWARE_CTRL */
		put64(&t, dsdt);		/* X_DSDT */
		put_gas(&t, GAS_SYSTEM_IO, 32, GAS_ACCESS_WORD, pm);		/* X_PM1a_EVT_BLK */
		put_gas(&t, GAS_SYSTEM_IO, 0, 0, 0);				/* X_PM1b_EVT_BLK */
		put_gas(&t, GAS_SYSTEM_IO, 16, GAS_ACCESS_WORD, pm + 4u);	/* X_PM1a_CNT_BLK */
		put_gas(&t, GAS_SYSTEM_IO, 0, 0, 0);				/* X_PM1b_CNT_BLK */
		put_gas(&t, GAS_SYSTEM_IO, 0, 0, 0);				/* X_PM2_CNT_BLK */
		put_gas(&t, GAS_SYSTEM_IO, 32, GAS_ACCESS_DWORD, pm + 8u);	/* X_PM_TMR_BLK */
		put_gas(&t, GAS_SYSTEM_IO, m->gpe0_addr ? (uint8_t)(m->gpe0_len * 8) : 0,
			GAS_ACCESS_BYTE, m->gpe0_addr);				/* X_GPE0_BLK */
		put_gas(&t, GAS_SYSTEM_IO, 0, 0, 0);				/* X_GPE1_BLK */
	}
	return table_end(l, &t, "FACP", true);
}

static bool need_x2apic(const struct acpi_machine *m)
{
	for (unsigned i = 0; i < m->ncpus_possible; i++)
		if (m->apic_id[i] >= 0xff)
			return true;
	return false;
}

/* MADT (5.2.12): a Local APIC per possible CPU, the I/O APIC, overrides, LINT1 NMI */
static uint64_t build_madt(struct layout *l, const struct acpi_machine *m, unsigned frev)
{
	struct tbl t;
	bool x2 = need_x2apic(m);
	uint16_t level = m->pci_level_irqs ? m->pci_level_irqs : 0x0e20;

	level |= (uint16_t)(1u << m->sci_irq);
	table_begin(l, &t, TABLE_ALIGN);
	header(&t, "APIC", x2 || frev >= 3 ? 3 : 1, "VMFWAPIC");
	put32(&t, LAPIC_DEFAULT_ADDR);	/* Local Interrupt Controller Address */
	put32(&t, MADT_PCAT_COMPAT);	/* Flags: dual 8259s present */

	for (unsigned i = 0; i < m->ncpus_possible; i++) {
		uint32_t en = i < m->ncpus_present ? MADT_LAPIC_ENABLED : 0;
		if (m->apic_id[i] < 0xff) {
			put8(&t, MADT_LAPIC);	/* Type: Processor Local APIC */
			put8(&t, 8);		/* Length */
			put8(&t, i);		/* ACPI Processor UID */
			put8(&t, m->apic_id[i]);	/* APIC ID */
			put32(&t, en);		/* Flags */
		} else {
			put8(&t, MADT_X2APIC);	/* Type: Processor Local x2APIC */
			put8(&t, 16);		/* Length */
			put16(&t, 0);		/* Reserved */
			put32(&t, m->apic_id[i]);	/* X2APIC ID */
			put32(&t, en);		/* Flags */
			put32(&t, i);		/* ACPI Processor UID */
		}
	}

	put8(&t, MADT_IOAPIC);		/* Type: I/O APIC */
	put8(&t, 12);			/* Length */
	put8(&t, m->ioapic_id);		/* I/O APIC ID */
	put8(&t, 0);			/* Reserved */
	put32(&t, m->ioapic_addr);	/* I/O APIC Address */
	put32(&t, m->ioapic_gsi_base);	/* Global System Interrupt Base */

	/* ISA IRQ 0 (PIT) arrives on IOAPIC input 2 */
	put8(&t, MADT_ISO);		/* Type: Interrupt Source Override */
	put8(&t, 10);			/* Length */
	put8(&t, 0);			/* Bus: ISA */
	put8(&t, 0);			/* Source */
	put32(&t, m->ioapic_gsi_base + 2);	/* Global System Interrupt */
	put16(&t, 0);			/* Flags: conforms to the bus */
	/* SCI and PCI link IRQs: level-triggered, active high */
	for (unsigned irq = 1; irq < 16; irq++) {
		if (!(level & (1u << irq)))
			continue;
		put8(&t, MADT_ISO);
		put8(&t, 10);
		put8(&t, 0);
		put8(&t, irq);
		put32(&t, m->ioapic_gsi_base + irq);
		put16(&t, MPS_INTI_POLARITY_HIGH | MPS_INTI_TRIGGER_LEVEL);
	}

	/* LINT1 of every processor is NMI */
	if (x2) {
		put8(&t, 0x0a);		/* Type: Local x2APIC NMI */
		put8(&t, 12);		/* Length */
		put16(&t, 0);		/* Flags */
		put32(&t, 0xffffffffu);	/* ACPI Processor UID: all */
		put8(&t, 1);		/* Local x2APIC LINT# */
		put_zeros(&t, 3);	/* Reserved */
	}
	put8(&t, MADT_LAPIC_NMI);	/* Type: Local APIC NMI */
	put8(&t, 6);			/* Length */
	put8(&t, 0xff);			/* ACPI Processor UID: all */
	put16(&t, 0);			/* Flags: conforms */
	put8(&t, 1);			/* Local APIC LINT# */
	return table_end(l, &t, "APIC", true);
}

/* HPET (IA-PC HPET spec 3.2.4) */
static uint64_t build_hpet(struct layout *l, const struct acpi_machine *m)
{
	struct tbl t;
	table_begin(l, &t, TABLE_ALIGN);
	header(&t, "HPET", 1, "VMFWHPET");
	put32(&t, m->hpet_block_id ? m->hpet_block_id : QEMU_HPET_BLOCK_ID);	/* Event Timer Block ID */
	put_gas(&t, GAS_SYSTEM_MEMORY, 64, 0, m->hpet_addr);	/* Base Address */
	put8(&t, 0);			/* HPET Number */
	put16(&t, 0);			/* Main Counter Minimum Clock_tick in Periodic Mode */
	put8(&t, 0);			/* Page Protection */
	return table_end(l, &t, "HPET", true);
}

/* MCFG (PCI Firmware spec 4.1.2) */
static uint64_t build_mcfg(struct layout *l, const struct acpi_machine *m)
{
	struct tbl t;
	table_begin(l, &t, TABLE_ALIGN);
	header(&t, "MCFG", 1, "VMFWMCFG");
	put64(&t, 0);			/* Reserved */
	put64(&t, m->ecam_base);	/* Base Address */
	put16(&t, 0);			/* PCI Segment Group Number */
	put8(&t, m->ecam_bus_start);	/* Start Bus Number */
	put8(&t, m->ecam_bus_end);	/* End Bus Number */
	put32(&t, 0);			/* Reserved */
	return table_end(l, &t, "MCFG", true);
}

/* RSDT (5.2.7, 32-bit entries) and XSDT (5.2.8, 64-bit entries) */
static uint64_t build_xsdt(struct layout *l, const uint64_t *entries, unsigned n, bool wide)
{
	struct tbl t;
	const char *sig = wide ? "XSDT" : "RSDT";
	table_begin(l, &t, TABLE_ALIGN);
	header(&t, sig, 1, wide ? "VMFWXSDT" : "VMFWRSDT");
	for (unsigned i = 0; i < n; i++)
		put(&t, entries[i], wide ? 8 : 4);	/* Entry */
	return table_end(l, &t, sig, true);
}

/*
 * RSDP (5.2.5.3), revision 2: checksum over the first 20 bytes, extended checksum over 36.
 * Revision 0 (ACPI 1.0, variants that keep the RSDT alone): only the first 20 bytes count.
 */
static void build_rsdp(uint8_t *p, uint64_t rsdt, uint64_t xsdt, bool rev0)
{
	if (rev0) {
		memset(p, 0, ACPI_RSDP_SIZE);
		memcpy(p, "RSD PTR ", 8);
		memcpy(p + 9, "VMFW  ", 6);
		put_le32(p + 16, (uint32_t)rsdt);
		p[8] = (uint8_t)(0 - acpi_checksum(p, 20));
		return;
	}
	memset(p, 0, ACPI_RSDP_SIZE);
	memcpy(p, "RSD PTR ", 8);		/* Signature */
	memcpy(p + 9, "VMFW  ", 6);		/* OEMID */
	p[15] = 2;				/* Revision */
	put_le32(p + 16, (uint32_t)rsdt);	/* RsdtAddress */
	put_le32(p + 20, ACPI_RSDP_SIZE);	/* Length */
	put_le64(p + 24, xsdt);			/* XsdtAddress */
	p[8] = (uint8_t)(0 - acpi_checksum(p, 20));		/* Checksum */
	p[32] = (uint8_t)(0 - acpi_checksum(p, ACPI_RSDP_SIZE));	/* Extended Checksum */
}

static bool machine_ok(const struct acpi_machine *m, unsigned frev)
{
	if (m->chipset != ACPI_CHIPSET_PIIX && m->chipset != ACPI_CHIPSET_Q35) {
		log_err("acpi: unknown chipset %d", (int)m->chipset);
		return false;
	}
	if (m->ncpus_possible == 0 || m->ncpus_possible > ACPI_MAX_CPUS ||
	    m->ncpus_present == 0 || m->ncpus_present > m->ncpus_possible) {
		log_err("acpi: CPU counts present %u possible %u out of range (1..%u)",
			m->ncpus_present, m->ncpus_possible, ACPI_MAX_CPUS);
		return false;
	}
	if (frev != 1 && frev != 3) {
		log_err("acpi: FADT revision %u not supported (1 or 3)", frev);
		return false;
	}
	if (!m->pm_io_base || m->sci_irq > 15 || m->sci_irq == 0) {
		log_err("acpi: PM I/O base 0x%x / SCI %u unusable", m->pm_io_base, m->sci_irq);
		return false;
	}
	if (m->npci > ACPI_MAX_PCI_FNS) {
		log_err("acpi: %u PCI functions, at most %u described", m->npci, ACPI_MAX_PCI_FNS);
		return false;
	}
	return true;
}

int acpi_build(const struct acpi_machine *m, uint8_t *buf, uint64_t buf_phys, size_t buf_size,
	       struct acpi_result *out)
{
	struct layout l;
	uint64_t entries[ACPI_MAX_TABLES];
	unsigned n = 0;

	memset(out, 0, sizeof(*out));
	if (!m || !buf) {
		log_err("acpi: no machine description or buffer");
		return -1;
	}
	unsigned frev = fadt_rev(m);
	if (!machine_ok(m, frev))
		return -1;
	if (buf_size < 32 * 1024 || buf_phys + buf_size > 0x100000000ull) {
		log_err("acpi: table buffer 0x%llx+0x%zx must be >= 32 KiB and below 4 GiB",
			(unsigned long long)buf_phys, buf_size);
		return -1;
	}
	/*
	 * Above the first quarter, buf is scratch for the AML arena until the AML tables are
	 * written (the arena needs no clearing). Only the bytes tables can land in are zeroed:
	 * under TCG clearing the whole buffer twice cost several milliseconds.
	 */
	size_t scratch_off = ALIGN_UP(buf_size / 4, 64);
	memset(buf, 0, scratch_off);
	memset(&l, 0, sizeof(l));
	l.buf = buf;
	l.phys = buf_phys;
	l.size = scratch_off;
	l.out = out;

	uint64_t facs = build_facs(&l, frev);
	uint64_t dsdt = build_aml_table(&l, m, "DSDT", "VMFWDSDT", buf + scratch_off, buf_size - scratch_off);
	/* The SSDT's OEM Table ID names the variant (at most 8 characters). */
	uint64_t ssdt = build_aml_table(&l, m, "SSDT", m->variant.name ? m->variant.name : "VARIANT",
					buf + scratch_off, buf_size - scratch_off);
	if (l.failed)
		return -1;
	/* The fixed-size tables after the AML ones need a few KiB: FADT, MADT for 255 CPUs, HPET,
	 * MCFG, RSDT, XSDT fit in ACPI_TAIL_MAX. */
	size_t tail = buf_size - scratch_off < ACPI_TAIL_MAX ? buf_size - scratch_off : ACPI_TAIL_MAX;
	memset(buf + scratch_off, 0, tail);
	l.size = scratch_off + tail;

	entries[n++] = build_fadt(&l, m, frev, facs, dsdt);
	entries[n++] = build_madt(&l, m, frev);
	if (m->hpet_present && !(m->variant.features & ACPI_VF_NO_HPET))
		entries[n++] = build_hpet(&l, m);
	if (m->chipset == ACPI_CHIPSET_Q35 && m->ecam_size)
		entries[n++] = build_mcfg(&l, m);
	entries[n++] = ssdt;
	uint64_t rsdt = build_xsdt(&l, entries, n, false);
	uint64_t xsdt = build_xsdt(&l, entries, n, true);
	if (l.failed)
		return -1;

	build_rsdp(out->rsdp, rsdt, xsdt, m->variant.rsdp_rev0);
	out->used = l.off;
	out->facs_addr = facs;
	out->dsdt_addr = dsdt;
	out->rsdt_addr = rsdt;
	out->xsdt_addr = xsdt;
	log_info("acpi: %u tables, 0x%llx bytes at 0x%llx (FADT rev %u, %s, %u/%u CPUs)", out->ntables,
		 (unsigned long long)out->used, (unsigned long long)buf_phys, frev,
		 m->chipset == ACPI_CHIPSET_Q35 ? "q35" : "piix", m->ncpus_present, m->ncpus_possible);
	return 0;
}

void acpi_report(const struct acpi_result *r)
{
	if (r->rsdp_addr) {
		inv_begin("acpi");
		inv_str("sig", "RSDP");
		inv_hex("addr", r->rsdp_addr);
		inv_hex("len", r->rsdp[15] >= 2 ? ACPI_RSDP_SIZE : 20);	/* revision 0: 20 bytes */
		inv_hex("checksum", r->rsdp[8]);
		inv_end();
	}
	for (unsigned i = 0; i < r->ntables; i++) {
		const struct acpi_table_rec *t = &r->tables[i];
		inv_begin("acpi");
		inv_str("sig", t->sig);
		inv_hex("addr", t->addr);
		inv_hex("len", t->len);
		inv_hex("checksum", t->checksum);
		inv_end();
	}
}

void acpi_machine_defaults(struct acpi_machine *m, enum acpi_chipset chipset)
{
	memset(m, 0, sizeof(*m));
	m->chipset = chipset;
	m->ncpus_possible = 1;
	m->ncpus_present = 1;
	m->ioapic_addr = 0xfec00000u;
	m->ioapic_id = 0;
	m->hpet_present = true;
	m->hpet_addr = 0xfed00000u;
	m->pm_io_base = 0x600;
	m->sci_irq = 9;
	if (chipset == ACPI_CHIPSET_Q35) {
		m->gpe0_addr = 0x600 + 0x20;	/* ICH9 GPE0_STS at PMBASE + 0x20 */
		m->gpe0_len = 16;
	} else {
		m->gpe0_addr = 0xafe0;		/* QEMU's PIIX4 GPE block */
		m->gpe0_len = 4;
	}
	m->reset_port = 0xcf9;
	m->reset_value = 0x06;
	m->root_bus_end = 0xff;
	m->com1_present = true;
}
