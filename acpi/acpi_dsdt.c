/* DSDT and SSDT contents: the AML namespace built from the machine description. */
#include "acpi.h"	/* struct acpi_machine, acpi_build_dsdt_aml */
#include "aml.h"	/* AML encoder */
#include "log.h"	/* log_err */
#include "util.h"	/* memset, ALIGN_UP */

/*
 * Sleep type values (PM1_CNT.SLP_TYP) QEMU's power-management models act on: both the
 * PIIX4 PM and the ICH9 LPC power the guest off when SLP_EN is written with SLP_TYP 0.
 */
#define PIIX4_S5_SLP_TYP	0
#define ICH9_S5_SLP_TYP		0

/* Fixed addresses of the legacy devices QEMU models on both chipsets */
#define HPET_MMIO_LEN		0x400
#define ISA_BRIDGE_DEVFN_PIIX	((1 << 3) | 0)	/* 00:01.0 PIIX3 ISA bridge */
#define ISA_BRIDGE_DEVFN_Q35	((0x1f << 3) | 0)	/* 00:1f.0 ICH9 LPC */
#define PIRQ_ROUTE_REG		0x60	/* PIRQA..D route control (PIIX3 and ICH9); ICH9 PIRQE..H at 0x68 */
#define PIRQ_DISABLE		0x80	/* IRQEN#: routing disabled */

/* Routing source meaning "LNKS" (PIIX: 00:01 INTA, the PM function's SCI) */
#define ROUTE_LNKS		8
#define ROUTE_NONE		(-1)

struct dsdt_ctx {
	struct aml_ctx *c;
	const struct acpi_machine *m;
	uint32_t buses_seen[8];		/* bitmap: buses already described (stops cycles) */
};

static void hex_name(char *out, char lead, unsigned v, unsigned digits)
{
	static const char hex[] = "0123456789ABCDEF";
	out[0] = lead;
	for (unsigned i = 0; i < digits; i++)
		out[1 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xf];
	out[1 + digits] = '\0';
}

/* ---- PCI interrupt routing ---- */

/* Bus 0 INTx -> link index (0..7 = LNKA..LNKH / GSIA..GSIH, 8 = LNKS). */
static int route_root(const struct acpi_machine *m, unsigned slot, unsigned pin)
{
	if (m->chipset == ACPI_CHIPSET_PIIX) {
		/* PIIX3: PIRQ = (slot + pin - 1) mod 4; 00:01 INTA carries the SCI */
		if (slot == 1 && pin == 0)
			return ROUTE_LNKS;
		return (int)((slot + pin + 3) & 3);
	}
	/* ICH9 as QEMU wires it (the D<N>IR defaults): slots 0..23 rotate over PIRQE..H,
	 * 24 and 30 use PIRQE..H in order, 25..29 and 31 use PIRQA..D in order. */
	if (slot < 0x18)
		return (int)(4 + ((slot + pin) & 3));
	if (slot == 0x18 || slot == 0x1e)
		return (int)(4 + pin);
	return (int)pin;
}

static const struct acpi_pci_fn *bridge_for_bus(const struct acpi_machine *m, unsigned bus)
{
	for (unsigned i = 0; i < m->npci && i < ACPI_MAX_PCI_FNS; i++)
		if (m->pci[i].is_bridge && m->pci[i].secondary == bus && m->pci[i].secondary != m->pci[i].bus)
			return &m->pci[i];
	return NULL;
}

/* INTx of (bus, slot, pin) -> link index, swizzling through PCI-PCI bridges (PCI-to-PCI
 * Bridge spec 9.1: the parent pin is (pin + device) mod 4). */
static int route(const struct acpi_machine *m, unsigned bus, unsigned slot, unsigned pin)
{
	for (unsigned depth = 0; depth < 32; depth++) {
		if (bus == 0)
			return route_root(m, slot, pin);
		const struct acpi_pci_fn *br = bridge_for_bus(m, bus);
		if (!br)
			return ROUTE_NONE;
		pin = (pin + slot) & 3;
		slot = br->devfn >> 3;
		bus = br->bus;
	}
	return ROUTE_NONE;
}

static const char *link_name(const struct acpi_machine *m, int idx, bool apic)
{
	static const char *const lnk[] = { "\\_SB.LNKA", "\\_SB.LNKB", "\\_SB.LNKC", "\\_SB.LNKD",
					   "\\_SB.LNKE", "\\_SB.LNKF", "\\_SB.LNKG", "\\_SB.LNKH",
					   "\\_SB.LNKS" };
	static const char *const gsi[] = { "\\_SB.GSIA", "\\_SB.GSIB", "\\_SB.GSIC", "\\_SB.GSID",
					   "\\_SB.GSIE", "\\_SB.GSIF", "\\_SB.GSIG", "\\_SB.GSIH" };
	if (apic && m->chipset == ACPI_CHIPSET_Q35 && idx < 8)
		return gsi[idx];
	return lnk[idx];
}

static bool slot_used(const struct acpi_machine *m, unsigned bus, unsigned slot)
{
	for (unsigned i = 0; i < m->npci && i < ACPI_MAX_PCI_FNS; i++)
		if (m->pci[i].bus == bus && (m->pci[i].devfn >> 3) == slot)
			return true;
	return false;
}

/* Package () { Package () { 0xSSSSFFFF, pin, LNKx, 0 }, ... } for a bus: every slot on bus 0,
 * the populated slots elsewhere. */
static struct aml *prt_package(struct dsdt_ctx *d, unsigned bus, bool apic)
{
	struct aml_ctx *c = d->c;
	struct aml *pkg = aml_package(c);
	for (unsigned slot = 0; slot < 32; slot++) {
		if (bus != 0 && !slot_used(d->m, bus, slot))
			continue;
		for (unsigned pin = 0; pin < 4; pin++) {
			int idx = route(d->m, bus, slot, pin);
			if (idx == ROUTE_NONE)
				continue;
			aml_append(pkg, aml_prt_entry(c, slot, pin, link_name(d->m, idx, apic), 0));
		}
	}
	return pkg;
}

/*
 * PIIX:  Name (_PRT, Package () { ... })
 * Q35:   Name (PRTP, Package () { ... LNKx ... })      PIC mode
 *        Name (PRTA, Package () { ... GSIx ... })      APIC mode
 *        Method (_PRT, 0) { If (\PICF) { Return (PRTA) } Return (PRTP) }
 */
static void add_prt(struct dsdt_ctx *d, struct aml *dev, unsigned bus)
{
	struct aml_ctx *c = d->c;
	if (d->m->chipset == ACPI_CHIPSET_PIIX) {
		aml_append(dev, aml_name_decl(c, "_PRT", prt_package(d, bus, false)));
		return;
	}
	aml_append(dev, aml_name_decl(c, "PRTP", prt_package(d, bus, false)));
	aml_append(dev, aml_name_decl(c, "PRTA", prt_package(d, bus, true)));
	struct aml *prt = aml_method(c, "_PRT", 0, false);
	struct aml *ifp = aml_if(c, aml_name(c, "\\PICF"));
	aml_append(ifp, aml_return(c, aml_name(c, "PRTA")));
	aml_append(prt, ifp);
	aml_append(prt, aml_return(c, aml_name(c, "PRTP")));
	aml_append(dev, prt);
}

/* ---- PCI functions ---- */

static void add_bus(struct dsdt_ctx *d, struct aml *scope, unsigned bus, unsigned depth);

/* Device (Sxx) { Name (_ADR, 0xSSSSFFFF & func) [_PRT, children] } */
static void add_function(struct dsdt_ctx *d, struct aml *scope, const struct acpi_pci_fn *f, unsigned depth)
{
	struct aml_ctx *c = d->c;
	char name[4];
	hex_name(name, 'S', f->devfn, 2);
	struct aml *dev = aml_device(c, name);
	aml_append(dev, aml_name_int(c, "_ADR", (uint64_t)(f->devfn >> 3) << 16 | (f->devfn & 7)));
	if (f->is_bridge && f->secondary != 0 && f->secondary != f->bus) {
		unsigned sec = f->secondary;
		if (d->buses_seen[sec / 32] & (1u << (sec % 32)) || depth >= 16) {
			log_err("acpi: %02x:%02x.%x bridge to bus %02x seen twice or nested too deep, "
				"children not described", f->bus, f->devfn >> 3, f->devfn & 7, sec);
		} else {
			add_prt(d, dev, sec);
			add_bus(d, dev, sec, depth + 1);
		}
	}
	aml_append(scope, dev);
}

static void add_bus(struct dsdt_ctx *d, struct aml *scope, unsigned bus, unsigned depth)
{
	const struct acpi_machine *m = d->m;
	unsigned isa_devfn = m->chipset == ACPI_CHIPSET_PIIX ? ISA_BRIDGE_DEVFN_PIIX : ISA_BRIDGE_DEVFN_Q35;

	d->buses_seen[bus / 32] |= 1u << (bus % 32);
	for (unsigned i = 0; i < m->npci && i < ACPI_MAX_PCI_FNS; i++) {
		const struct acpi_pci_fn *f = &m->pci[i];
		if (f->bus != bus)
			continue;
		if (bus == 0 && f->devfn == isa_devfn)
			continue;	/* described as Device (ISA) */
		add_function(d, scope, f, depth);
	}
}

/* ---- \_SB.PCI0 ---- */

/* Name (_CRS, ResourceTemplate () { bus range, CF8 port, legacy ranges, allocator windows }) */
static struct aml *pci0_crs(struct dsdt_ctx *d)
{
	struct aml_ctx *c = d->c;
	const struct acpi_machine *m = d->m;
	struct aml *rt = aml_resource_template(c);

	aml_append(rt, aml_word_bus_number(c, 0, m->root_bus_end));
	aml_append(rt, aml_io(c, 0x0cf8, 0x0cf8, 1, 8));	/* the config mechanism #1 ports themselves */
	aml_append(rt, aml_word_io(c, 0x0000, 0x0cf7));		/* legacy ISA I/O below the CF8 ports */
	if (m->root_io.size) {
		uint64_t end = m->root_io.base + m->root_io.size - 1;
		if (end <= 0xffff)
			aml_append(rt, aml_word_io(c, (uint16_t)m->root_io.base, (uint16_t)end));
		else
			aml_append(rt, aml_dword_io(c, (uint32_t)m->root_io.base, (uint32_t)end));
	}
	aml_append(rt, aml_dword_memory(c, AML_CACHEABLE, 0xa0000, 0xbffff));	/* legacy VGA */
	if (m->root_mem32.size)
		aml_append(rt, aml_dword_memory(c, AML_NON_CACHEABLE, (uint32_t)m->root_mem32.base,
						(uint32_t)(m->root_mem32.base + m->root_mem32.size - 1)));
	if (m->root_mem64.size)
		aml_append(rt, aml_qword_memory(c, AML_CACHEABLE, m->root_mem64.base,
						m->root_mem64.base + m->root_mem64.size - 1));
	return rt;
}

/* Device (NAME) { Name (_HID, EisaId (hid)) Name (_CRS, rt) } */
static struct aml *isa_dev(struct aml_ctx *c, const char *name, const char *hid, struct aml *rt)
{
	struct aml *dev = aml_device(c, name);
	aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, hid)));
	aml_append(dev, aml_name_decl(c, "_CRS", rt));
	return dev;
}

/* Device (ISA) at 00:01.0 (PIIX3) or 00:1f.0 (ICH9 LPC): PIRQ registers and legacy devices */
static struct aml *isa_bridge(struct dsdt_ctx *d)
{
	struct aml_ctx *c = d->c;
	const struct acpi_machine *m = d->m;
	bool q35 = m->chipset == ACPI_CHIPSET_Q35;
	struct aml *isa = aml_device(c, "ISA");
	struct aml *rt;

	aml_append(isa, aml_name_int(c, "_ADR", q35 ? 0x001f0000 : 0x00010000));

	/* OperationRegion (PIRQ, PCI_Config, 0x60, len)  Field { PRQ0, 8, ... } */
	aml_append(isa, aml_operation_region(c, "PIRQ", AML_PCI_CONFIG, PIRQ_ROUTE_REG, q35 ? 0x0c : 0x04));
	struct aml *f = aml_field(c, "PIRQ", AML_BYTE_ACC, false, AML_PRESERVE);
	static const char *const prq[] = { "PRQ0", "PRQ1", "PRQ2", "PRQ3", "PRQ4", "PRQ5", "PRQ6", "PRQ7" };
	for (unsigned i = 0; i < (q35 ? 8u : 4u); i++) {
		if (i == 4)
			aml_append(f, aml_field_unit(c, NULL, 32));	/* 0x64..0x67 */
		aml_append(f, aml_field_unit(c, prq[i], 8));
	}
	aml_append(isa, f);

	/* RTC: IO 0x70-0x77, IRQ 8 */
	rt = aml_resource_template(c);
	aml_append(rt, aml_io(c, 0x70, 0x70, 1, 8));
	aml_append(rt, aml_irq_no_flags(c, 8));
	aml_append(isa, isa_dev(c, "RTC", "PNP0B00", rt));

	/* i8042 keyboard: IO 0x60, 0x64, IRQ 1 */
	rt = aml_resource_template(c);
	aml_append(rt, aml_io(c, 0x60, 0x60, 1, 1));
	aml_append(rt, aml_io(c, 0x64, 0x64, 1, 1));
	aml_append(rt, aml_irq_no_flags(c, 1));
	aml_append(isa, isa_dev(c, "KBD", "PNP0303", rt));

	/* PS/2 mouse: IRQ 12 */
	rt = aml_resource_template(c);
	aml_append(rt, aml_irq_no_flags(c, 12));
	aml_append(isa, isa_dev(c, "MOU", "PNP0F13", rt));

	/* 8259 PICs: IO 0x20, 0xa0, IRQ 2 (cascade) */
	rt = aml_resource_template(c);
	aml_append(rt, aml_io(c, 0x20, 0x20, 1, 2));
	aml_append(rt, aml_io(c, 0xa0, 0xa0, 1, 2));
	aml_append(rt, aml_irq_no_flags(c, 2));
	aml_append(isa, isa_dev(c, "PIC", "PNP0000", rt));

	/* 8254 PIT: IO 0x40-0x43, IRQ 0 */
	rt = aml_resource_template(c);
	aml_append(rt, aml_io(c, 0x40, 0x40, 1, 4));
	aml_append(rt, aml_irq_no_flags(c, 0));
	aml_append(isa, isa_dev(c, "TMR", "PNP0100", rt));

	/* COM1: IO 0x3f8-0x3ff, IRQ 4 */
	if (m->com1_present) {
		rt = aml_resource_template(c);
		aml_append(rt, aml_io(c, 0x3f8, 0x3f8, 1, 8));
		aml_append(rt, aml_irq_no_flags(c, 4));
		struct aml *com = isa_dev(c, "COM1", "PNP0501", rt);
		aml_append(com, aml_name_int(c, "_UID", 1));
		aml_append(com, aml_name_int(c, "_STA", 0x0f));
		aml_append(isa, com);
	}

	/* pvpanic: Device (PEVT) { _HID "QEMU0001", _CRS IO (port, 1), _STA } */
	if (m->pvpanic_port && !(m->variant.features & ACPI_VF_NO_PVPANIC)) {
		struct aml *dev = aml_device(c, "PEVT");
		aml_append(dev, aml_name_decl(c, "_HID", aml_string(c, "QEMU0001")));
		rt = aml_resource_template(c);
		aml_append(rt, aml_io(c, m->pvpanic_port, m->pvpanic_port, 1, 1));
		aml_append(dev, aml_name_decl(c, "_CRS", rt));
		aml_append(dev, aml_name_int(c, "_STA", 0x0b));	/* present, enabled, functioning, hidden */
		aml_append(isa, dev);
	}
	return isa;
}

/* Device (DRAC) { _HID PNP0C01, _CRS { ECAM } }: claims MMCONFIG as a motherboard resource */
static struct aml *ecam_reservation(struct dsdt_ctx *d)
{
	struct aml_ctx *c = d->c;
	const struct acpi_machine *m = d->m;
	struct aml *dev = aml_device(c, "DRAC");
	aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0C01")));
	struct aml *rt = aml_resource_template(c);
	uint64_t end = m->ecam_base + m->ecam_size - 1;
	if (end <= 0xffffffffu)
		aml_append(rt, aml_dword_memory(c, AML_NON_CACHEABLE, (uint32_t)m->ecam_base, (uint32_t)end));
	else
		aml_append(rt, aml_qword_memory(c, AML_NON_CACHEABLE, m->ecam_base, end));
	aml_append(dev, aml_name_decl(c, "_CRS", rt));
	return dev;
}

/*
 * PCI Firmware Specification 3.3, 4.5: _OSC of a PCI Express host bridge. The OS names the
 * features it wants to control in DWORD 3 of Arg3. vmfw grants SHPC hotplug, PME, AER and
 * the PCIe capability structure (it does no firmware-first error handling), but not native
 * PCIe hotplug: QEMU (6.1+) q35 machines hand root-port hotplug to ACPI by default and then
 * never set Presence Detect for cold-plugged devices, so an OS given native control sees every
 * populated root port as empty and powers its device off (seen with Linux 6.1: "Slot(1):
 * Card not present", device in D3cold). QEMU's own _OSC masks the same bit. Not granted
 * either: LTR, DPC and later bits, which need platform support.
 *
 *   Method (_OSC, 4) {
 *     CreateDWordField (Arg3, 0, CDW1)
 *     If (LEqual (Arg0, ToUUID ("33db4d5b-1ff7-401c-9657-7441c03dd766"))) {
 *       If (LLess (Arg2, 3)) { Or (CDW1, 0x02, CDW1)  Return (Arg3) }   _OSC failure
 *       CreateDWordField (Arg3, 8, CDW3)
 *       And (CDW3, 0x1e, Local0)
 *       If (LNot (LEqual (Arg1, One))) { Or (CDW1, 0x08, CDW1) }          unknown revision
 *       If (LNot (LEqual (CDW3, Local0))) { Or (CDW1, 0x10, CDW1) }       capabilities masked
 *       Store (Local0, CDW3)
 *     } Else { Or (CDW1, 0x04, CDW1) }                                   unrecognized UUID
 *     Return (Arg3)
 *   }
 */
#define OSC_FAILURE		0x02
#define OSC_BAD_UUID		0x04
#define OSC_BAD_REVISION	0x08
#define OSC_MASKED		0x10
/* SHPC hotplug (bit 1), PME (2), AER (3), PCIe capability structure (4); not native PCIe
 * hotplug (0) */
#define OSC_PCI_GRANTED		0x1e

static struct aml *or_cdw1(struct aml_ctx *c, uint32_t bit)
{
	return aml_or(c, aml_name(c, "CDW1"), aml_int(c, bit), aml_name(c, "CDW1"));
}

static struct aml *pci_osc(struct aml_ctx *c)
{
	/* ToUUID byte order: the first three fields little-endian, the rest as written */
	static const uint8_t pci_host_bridge_uuid[16] = {
		0x5b, 0x4d, 0xdb, 0x33, 0xf7, 0x1f, 0x1c, 0x40,
		0x96, 0x57, 0x74, 0x41, 0xc0, 0x3d, 0xd7, 0x66,
	};
	struct aml *osc = aml_method(c, "_OSC", 4, false);
	aml_append(osc, aml_create_dword_field(c, aml_arg(c, 3), aml_int(c, 0), "CDW1"));

	struct aml *known = aml_if(c, aml_lequal(c, aml_arg(c, 0),
						  aml_buffer(c, pci_host_bridge_uuid, sizeof(pci_host_bridge_uuid))));
	struct aml *short_buf = aml_if(c, aml_lless(c, aml_arg(c, 2), aml_int(c, 3)));
	aml_append(short_buf, or_cdw1(c, OSC_FAILURE));
	aml_append(short_buf, aml_return(c, aml_arg(c, 3)));
	aml_append(known, short_buf);
	aml_append(known, aml_create_dword_field(c, aml_arg(c, 3), aml_int(c, 8), "CDW3"));
	aml_append(known, aml_and(c, aml_name(c, "CDW3"), aml_int(c, OSC_PCI_GRANTED), aml_local(c, 0)));
	struct aml *rev = aml_if(c, aml_lnot(c, aml_lequal(c, aml_arg(c, 1), aml_int(c, 1))));
	aml_append(rev, or_cdw1(c, OSC_BAD_REVISION));
	aml_append(known, rev);
	struct aml *masked = aml_if(c, aml_lnot(c, aml_lequal(c, aml_name(c, "CDW3"), aml_local(c, 0))));
	aml_append(masked, or_cdw1(c, OSC_MASKED));
	aml_append(known, masked);
	aml_append(known, aml_store(c, aml_local(c, 0), aml_name(c, "CDW3")));
	aml_append(osc, known);

	struct aml *other = aml_else(c);
	aml_append(other, or_cdw1(c, OSC_BAD_UUID));
	aml_append(osc, other);
	aml_append(osc, aml_return(c, aml_arg(c, 3)));
	return osc;
}

static struct aml *pci0(struct dsdt_ctx *d)
{
	struct aml_ctx *c = d->c;
	const struct acpi_machine *m = d->m;
	struct aml *dev = aml_device(c, "PCI0");

	if (m->chipset == ACPI_CHIPSET_Q35) {
		aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0A08")));	/* PCI Express root */
		aml_append(dev, aml_name_decl(c, "_CID", aml_eisaid(c, "PNP0A03")));
	} else {
		aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0A03")));
	}
	aml_append(dev, aml_name_int(c, "_ADR", 0));
	aml_append(dev, aml_name_int(c, "_UID", 0));
	aml_append(dev, aml_name_int(c, "_BBN", 0));
	aml_append(dev, aml_name_decl(c, "_CRS", pci0_crs(d)));
	if (m->chipset == ACPI_CHIPSET_Q35)
		aml_append(dev, pci_osc(c));
	add_prt(d, dev, 0);
	aml_append(dev, isa_bridge(d));
	if (m->chipset == ACPI_CHIPSET_Q35 && m->ecam_size)
		aml_append(dev, ecam_reservation(d));
	add_bus(d, dev, 0, 0);
	return dev;
}

/* ---- interrupt link devices ---- */

/* Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { irqs } inside a ResourceTemplate */
static struct aml *link_rt(struct aml_ctx *c, const uint32_t *irqs, unsigned n)
{
	struct aml *rt = aml_resource_template(c);
	aml_append(rt, aml_interrupt(c, true, true, false, true, irqs, n));
	return rt;
}

/*
 * Device (LNKx) {                               a PIRQ router input (PIIX3 / ICH9)
 *   Name (_HID, EisaId ("PNP0C0F"))  Name (_UID, n)
 *   Name (_PRS, ResourceTemplate () { Interrupt (..., Level, ActiveHigh, Shared) { 5, 10, 11 } })
 *   Method (_STA) { If (And (PRQn, 0x80)) { Return (0x09) } Return (0x0B) }
 *   Method (_DIS) { Or (PRQn, 0x80, PRQn) }
 *   Method (_CRS, 0, Serialized) {
 *     Name (RTPL, ResourceTemplate () { Interrupt (...) { 0 } })
 *     CreateDWordField (RTPL, 5, IRQN)
 *     If (LLess (PRQn, 0x80)) { Store (And (PRQn, 0x0F), IRQN) }
 *     Return (RTPL)
 *   }
 *   Method (_SRS, 1, Serialized) { CreateDWordField (Arg0, 5, IRQN)  Store (IRQN, PRQn) }
 * }
 */
static struct aml *pirq_link(struct aml_ctx *c, const char *name, unsigned uid, const char *reg)
{
	static const uint32_t choices[] = { 5, 10, 11 };
	static const uint32_t none = 0;
	struct aml *dev = aml_device(c, name);
	struct aml *mth, *cond;

	aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0C0F")));
	aml_append(dev, aml_name_int(c, "_UID", uid));
	aml_append(dev, aml_name_decl(c, "_PRS", link_rt(c, choices, 3)));

	mth = aml_method(c, "_STA", 0, false);
	cond = aml_if(c, aml_and(c, aml_name(c, reg), aml_int(c, PIRQ_DISABLE), NULL));
	aml_append(cond, aml_return(c, aml_int(c, 0x09)));
	aml_append(mth, cond);
	aml_append(mth, aml_return(c, aml_int(c, 0x0b)));
	aml_append(dev, mth);

	mth = aml_method(c, "_DIS", 0, false);
	aml_append(mth, aml_or(c, aml_name(c, reg), aml_int(c, PIRQ_DISABLE), aml_name(c, reg)));
	aml_append(dev, mth);

	mth = aml_method(c, "_CRS", 0, true);
	aml_append(mth, aml_name_decl(c, "RTPL", link_rt(c, &none, 1)));
	/* byte 5 of the Extended Interrupt descriptor is its first interrupt number */
	aml_append(mth, aml_create_dword_field(c, aml_name(c, "RTPL"), aml_int(c, 5), "IRQN"));
	cond = aml_if(c, aml_lless(c, aml_name(c, reg), aml_int(c, PIRQ_DISABLE)));
	aml_append(cond, aml_store(c, aml_and(c, aml_name(c, reg), aml_int(c, 0x0f), NULL), aml_name(c, "IRQN")));
	aml_append(mth, cond);
	aml_append(mth, aml_return(c, aml_name(c, "RTPL")));
	aml_append(dev, mth);

	mth = aml_method(c, "_SRS", 1, true);
	aml_append(mth, aml_create_dword_field(c, aml_arg(c, 0), aml_int(c, 5), "IRQN"));
	aml_append(mth, aml_store(c, aml_name(c, "IRQN"), aml_name(c, reg)));
	aml_append(dev, mth);
	return dev;
}

/*
 * Device (GSIx) { _HID PNP0C0F, _UID, _PRS = _CRS = Interrupt (...) { gsi }, _DIS {}, _SRS {} }
 * Q35 APIC mode: PIRQA..H reach IOAPIC inputs 16..23 directly, nothing to program.
 */
static struct aml *gsi_link(struct aml_ctx *c, const char *name, uint32_t gsi)
{
	struct aml *dev = aml_device(c, name);
	aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0C0F")));
	aml_append(dev, aml_name_int(c, "_UID", gsi));
	aml_append(dev, aml_name_decl(c, "_PRS", link_rt(c, &gsi, 1)));
	aml_append(dev, aml_name_decl(c, "_CRS", link_rt(c, &gsi, 1)));
	aml_append(dev, aml_method(c, "_DIS", 0, false));
	aml_append(dev, aml_method(c, "_SRS", 1, false));
	return dev;
}

/*
 * Device (LNKS) (PIIX): the SCI, fixed at IRQ 9 level/active-high, so that 00:01 INTA
 * matches the MADT override.  _PRS = _CRS = Interrupt { 9 }, _STA 0x0B, _DIS {}, _SRS {}
 */
static struct aml *sci_link(struct aml_ctx *c, uint32_t sci)
{
	struct aml *dev = aml_device(c, "LNKS");
	aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0C0F")));
	aml_append(dev, aml_name_int(c, "_UID", 4));
	aml_append(dev, aml_name_decl(c, "_PRS", link_rt(c, &sci, 1)));
	aml_append(dev, aml_name_decl(c, "_CRS", link_rt(c, &sci, 1)));
	aml_append(dev, aml_name_int(c, "_STA", 0x0b));
	aml_append(dev, aml_method(c, "_DIS", 0, false));
	aml_append(dev, aml_method(c, "_SRS", 1, false));
	return dev;
}

static void add_links(struct dsdt_ctx *d, struct aml *sb)
{
	struct aml_ctx *c = d->c;
	static const char *const lnk[] = { "LNKA", "LNKB", "LNKC", "LNKD", "LNKE", "LNKF", "LNKG", "LNKH" };
	static const char *const gsi[] = { "GSIA", "GSIB", "GSIC", "GSID", "GSIE", "GSIF", "GSIG", "GSIH" };
	static const char *const reg[] = { "\\_SB.PCI0.ISA.PRQ0", "\\_SB.PCI0.ISA.PRQ1", "\\_SB.PCI0.ISA.PRQ2",
					   "\\_SB.PCI0.ISA.PRQ3", "\\_SB.PCI0.ISA.PRQ4", "\\_SB.PCI0.ISA.PRQ5",
					   "\\_SB.PCI0.ISA.PRQ6", "\\_SB.PCI0.ISA.PRQ7" };
	unsigned nlinks = d->m->chipset == ACPI_CHIPSET_Q35 ? 8 : 4;

	for (unsigned i = 0; i < nlinks; i++)
		aml_append(sb, pirq_link(c, lnk[i], i, reg[i]));
	if (d->m->chipset == ACPI_CHIPSET_Q35) {
		for (unsigned i = 0; i < 8; i++)
			aml_append(sb, gsi_link(c, gsi[i], 16 + i));
	} else {
		aml_append(sb, sci_link(c, d->m->sci_irq));
	}
}

/* ---- other \_SB devices ---- */

/* Device (HPET) { _HID PNP0103, _UID 0, _STA 0x0F, _CRS Memory32Fixed (ReadOnly, base, 0x400) } */
static struct aml *hpet_dev(struct dsdt_ctx *d)
{
	struct aml_ctx *c = d->c;
	struct aml *dev = aml_device(c, "HPET");
	aml_append(dev, aml_name_decl(c, "_HID", aml_eisaid(c, "PNP0103")));
	aml_append(dev, aml_name_int(c, "_UID", 0));
	aml_append(dev, aml_name_int(c, "_STA", 0x0f));
	struct aml *rt = aml_resource_template(c);
	aml_append(rt, aml_memory32_fixed(c, (uint32_t)d->m->hpet_addr, HPET_MMIO_LEN, false));
	aml_append(dev, aml_name_decl(c, "_CRS", rt));
	return dev;
}

/* Device (Cnnn) { Name (_HID, "ACPI0007")  Name (_UID, n) }: one per present CPU, _UID = MADT UID */
static void add_cpus(struct dsdt_ctx *d, struct aml *sb)
{
	struct aml_ctx *c = d->c;
	for (unsigned i = 0; i < d->m->ncpus_present && i < ACPI_MAX_CPUS; i++) {
		char name[5];
		hex_name(name, 'C', i, 3);
		struct aml *dev = aml_device(c, name);
		aml_append(dev, aml_name_decl(c, "_HID", aml_string(c, "ACPI0007")));
		aml_append(dev, aml_name_int(c, "_UID", i));
		aml_append(sb, dev);
	}
}

/* Name (_Sx, Package () { typ, typ, Zero, Zero }) */
static struct aml *sleep_state(struct aml_ctx *c, const char *name, uint8_t typ)
{
	struct aml *pkg = aml_package(c);
	aml_append(pkg, aml_int(c, typ));	/* PM1a_CNT.SLP_TYP */
	aml_append(pkg, aml_int(c, typ));	/* PM1b_CNT.SLP_TYP (no PM1b block) */
	aml_append(pkg, aml_int(c, 0));
	aml_append(pkg, aml_int(c, 0));
	return aml_name_decl(c, name, pkg);
}

static bool arena_from_scratch(struct aml_ctx *c, void *scratch, size_t size)
{
	uintptr_t p = ALIGN_UP((uintptr_t)scratch, 16);
	if (!scratch || size < 4096 + (p - (uintptr_t)scratch))
		return false;
	size -= p - (uintptr_t)scratch;
	size_t node_bytes = size / 4 * 3;
	size_t nnodes = node_bytes / sizeof(struct aml);
	uint8_t *bytes = (uint8_t *)p + nnodes * sizeof(struct aml);
	aml_init(c, (struct aml *)p, nnodes, bytes, size - nnodes * sizeof(struct aml));
	return true;
}

static size_t finish(struct aml_ctx *c, struct aml *blk, uint8_t *out, size_t cap, const char *what)
{
	size_t n = aml_serialize(blk, out, cap);
	if (!n)
		log_err("acpi: %s AML not built: %s (%u nodes, %u bytes used)", what,
			aml_error(c) ? aml_error(c) : "empty", aml_nodes_used(c), aml_bytes_used(c));
	return n;
}

size_t acpi_build_dsdt_aml(const struct acpi_machine *m, uint8_t *out, size_t cap, void *scratch, size_t scratch_size)
{
	struct aml_ctx c;
	struct dsdt_ctx d;

	if (!arena_from_scratch(&c, scratch, scratch_size)) {
		log_err("acpi: no scratch space for the AML arena");
		return 0;
	}
	memset(&d, 0, sizeof(d));
	d.c = &c;
	d.m = m;

	struct aml *blk = aml_block(&c);
	if (m->chipset == ACPI_CHIPSET_Q35) {
		/* Name (PICF, Zero)  Method (_PIC, 1) { Store (Arg0, PICF) }: OSPM reports PIC/APIC mode */
		aml_append(blk, aml_name_int(&c, "PICF", 0));
		struct aml *pic = aml_method(&c, "_PIC", 1, false);
		aml_append(pic, aml_store(&c, aml_arg(&c, 0), aml_name(&c, "PICF")));
		aml_append(blk, pic);
	}

	struct aml *sb = aml_scope(&c, "\\_SB");
	aml_append(sb, pci0(&d));
	add_links(&d, sb);
	if (m->hpet_present && !(m->variant.features & ACPI_VF_NO_HPET))
		aml_append(sb, hpet_dev(&d));
	if (m->variant.features & ACPI_VF_CPU_DEVICES)
		add_cpus(&d, sb);
	aml_append(blk, sb);

	if (m->s3_allowed)
		aml_append(blk, sleep_state(&c, "\\_S3", m->s3_typ));
	if (m->s4_allowed)
		aml_append(blk, sleep_state(&c, "\\_S4", m->s4_typ));
	aml_append(blk, sleep_state(&c, "\\_S5",
				   m->chipset == ACPI_CHIPSET_Q35 ? ICH9_S5_SLP_TYP : PIIX4_S5_SLP_TYP));
	return finish(&c, blk, out, cap, "DSDT");
}

/*
 * SSDT "VARIANT": which table variant was built, visible to anyone reading the tables.
 *   Device (\VMFW) {            a namespace anchor only: no _HID, never enumerated
 *     Name (_STA, Zero)
 *     Name (VARN, "pc-q35-7.2")   variant (machine type) name
 *     Name (VSRC, "opt/...")      where that name came from
 *     Name (CHIP, "q35")
 *     Name (FREV, 3)              FADT revision built
 *     Name (VFEA, 0x...)          ACPI_VF_* feature bits
 *   }
 */
/* Printable ASCII copy of an untrusted string (a garbage machine-type token must not break the table). */
static const char *printable(char *dst, size_t cap, const char *src, const char *fallback)
{
	size_t n = 0;
	if (!src || !*src)
		src = fallback;
	for (; *src && n + 1 < cap; src++)
		dst[n++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	dst[n] = '\0';
	return dst;
}

size_t acpi_build_ssdt_aml(const struct acpi_machine *m, uint8_t *out, size_t cap, void *scratch, size_t scratch_size)
{
	struct aml_ctx c;

	if (!arena_from_scratch(&c, scratch, scratch_size)) {
		log_err("acpi: no scratch space for the AML arena");
		return 0;
	}
	const struct acpi_variant *v = &m->variant;
	unsigned frev = v->fadt_rev ? v->fadt_rev : (m->chipset == ACPI_CHIPSET_Q35 ? 3 : 1);
	struct aml *blk = aml_block(&c);
	struct aml *dev = aml_device(&c, "\\VMFW");
	aml_append(dev, aml_name_int(&c, "_STA", 0));
	char text[64];
	aml_append(dev, aml_name_decl(&c, "VARN", aml_string(&c, printable(text, sizeof(text), v->name, "default"))));
	aml_append(dev, aml_name_decl(&c, "VSRC", aml_string(&c, printable(text, sizeof(text), v->token_source, "none"))));
	aml_append(dev, aml_name_decl(&c, "CHIP", aml_string(&c, m->chipset == ACPI_CHIPSET_Q35 ? "q35" : "piix")));
	aml_append(dev, aml_name_int(&c, "FREV", frev));
	aml_append(dev, aml_name_int(&c, "VFEA", v->features));
	aml_append(blk, dev);
	return finish(&c, blk, out, cap, "SSDT");
}
