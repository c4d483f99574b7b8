/* A few machines described the way the PCI allocator and fw_cfg would describe them. */
#include "machines.h"

void test_add_pci(struct acpi_machine *m, unsigned bus, unsigned slot, unsigned fn, int secondary)
{
	struct acpi_pci_fn *f = &m->pci[m->npci++];
	f->bus = (uint8_t)bus;
	f->devfn = (uint8_t)(slot << 3 | fn);
	f->is_bridge = secondary >= 0;
	f->secondary = secondary >= 0 ? (uint8_t)secondary : 0;
}

static void cpus(struct acpi_machine *m, unsigned present, unsigned possible)
{
	m->ncpus_present = present;
	m->ncpus_possible = possible;
	for (unsigned i = 0; i < possible; i++)
		m->apic_id[i] = i;
}

/* -M pc -smp 4 with a pci-bridge carrying two devices, pvpanic */
static void fill_pc(struct acpi_machine *m)
{
	acpi_machine_defaults(m, ACPI_CHIPSET_PIIX);
	m->variant.name = "pc-i440fx-7.2";
	m->variant.token_source = "opt/vmfw/machine-type";
	m->variant.features = ACPI_VF_CPU_DEVICES;
	cpus(m, 4, 4);
	m->root_bus_end = 1;
	m->root_io = (struct acpi_window){ 0xc000, 0x4000 };
	m->root_mem32 = (struct acpi_window){ 0xc0000000, 0x3ec00000 };
	m->root_mem64 = (struct acpi_window){ 0x800000000ull, 0x800000000ull };
	test_add_pci(m, 0, 0, 0, -1);	/* i440fx host */
	test_add_pci(m, 0, 1, 0, -1);	/* PIIX3 ISA */
	test_add_pci(m, 0, 1, 1, -1);	/* IDE */
	test_add_pci(m, 0, 1, 3, -1);	/* PIIX4 PM */
	test_add_pci(m, 0, 2, 0, -1);	/* VGA */
	test_add_pci(m, 0, 3, 0, -1);	/* virtio-net */
	test_add_pci(m, 0, 4, 0, 1);	/* pci-bridge -> bus 1 */
	test_add_pci(m, 1, 1, 0, -1);	/* virtio-rng */
	test_add_pci(m, 1, 2, 0, -1);	/* virtio-blk */
	m->pvpanic_port = 0x505;
}

/* -M pc-i440fx-1.5: FADT rev 1, one CPU, no pvpanic, S3/S4 allowed */
static void fill_pc15(struct acpi_machine *m)
{
	acpi_machine_defaults(m, ACPI_CHIPSET_PIIX);
	m->variant.name = "pc-i440fx-1.5";
	m->variant.token_source = "opt/vmfw/machine-type";
	m->variant.fadt_rev = 1;
	cpus(m, 1, 1);
	m->root_bus_end = 0;
	m->root_io = (struct acpi_window){ 0xc000, 0x1000 };
	m->root_mem32 = (struct acpi_window){ 0xe0000000, 0x1ec00000 };
	test_add_pci(m, 0, 0, 0, -1);
	test_add_pci(m, 0, 1, 0, -1);
	test_add_pci(m, 0, 1, 1, -1);
	test_add_pci(m, 0, 1, 3, -1);
	test_add_pci(m, 0, 2, 0, -1);
	m->s3_allowed = true;
	m->s3_typ = 1;
	m->s4_allowed = true;
	m->s4_typ = 2;
}

/* -M q35 -smp 4,maxcpus=8: root ports, a PCIe-PCI bridge behind one, ECAM at 0xb0000000 */
static void fill_q35(struct acpi_machine *m)
{
	acpi_machine_defaults(m, ACPI_CHIPSET_Q35);
	m->variant.name = "pc-q35-7.2";
	m->variant.token_source = "smbios";
	m->variant.features = ACPI_VF_CPU_DEVICES;
	cpus(m, 4, 8);
	m->ecam_base = 0xb0000000;
	m->ecam_size = 0x10000000;
	m->ecam_bus_start = 0;
	m->ecam_bus_end = 255;
	m->root_bus_end = 3;
	m->root_io = (struct acpi_window){ 0xc000, 0x4000 };
	m->root_mem32 = (struct acpi_window){ 0xc0000000, 0x3ec00000 };
	m->root_mem64 = (struct acpi_window){ 0x800000000ull, 0x800000000ull };
	test_add_pci(m, 0, 0, 0, -1);	/* Q35 host */
	test_add_pci(m, 0, 1, 0, -1);	/* VGA */
	test_add_pci(m, 0, 2, 0, 1);	/* pcie-root-port -> bus 1 */
	test_add_pci(m, 0, 3, 0, 2);	/* pcie-root-port -> bus 2 */
	test_add_pci(m, 1, 0, 0, -1);	/* virtio-net */
	test_add_pci(m, 2, 0, 0, 3);	/* pcie-pci-bridge -> bus 3 */
	test_add_pci(m, 3, 1, 0, -1);	/* virtio-rng */
	test_add_pci(m, 3, 2, 0, -1);	/* virtio-blk */
	test_add_pci(m, 0, 0x1f, 0, -1);	/* ICH9 LPC */
	test_add_pci(m, 0, 0x1f, 2, -1);	/* AHCI */
	test_add_pci(m, 0, 0x1f, 3, -1);	/* SMBus */
	m->pvpanic_port = 0x505;
	m->s3_allowed = true;
	m->s3_typ = 1;
}

/* -M q35 with FADT rev 1 requested, 12 CPUs, one APIC ID beyond 254 (x2APIC entries) */
static void fill_q35_x2apic(struct acpi_machine *m)
{
	acpi_machine_defaults(m, ACPI_CHIPSET_Q35);
	m->variant.name = "pc-q35-2.0";
	m->variant.token_source = "opt/vmfw/machine-type";
	m->variant.fadt_rev = 1;
	m->variant.features = ACPI_VF_NO_HPET;
	cpus(m, 12, 12);
	m->apic_id[11] = 300;
	m->ecam_base = 0xe0000000;
	m->ecam_size = 0x4000000;	/* 64 buses */
	m->ecam_bus_end = 63;
	m->root_bus_end = 63;
	m->root_io = (struct acpi_window){ 0x1000, 0xf000 };
	m->root_mem32 = (struct acpi_window){ 0x80000000, 0x60000000 };
	test_add_pci(m, 0, 0, 0, -1);
	test_add_pci(m, 0, 0x1f, 0, -1);
	m->com1_present = false;
}

const struct test_machine test_machines[] = {
	{ "pc", fill_pc },
	{ "pc-i440fx-1.5", fill_pc15 },
	{ "q35", fill_q35 },
	{ "q35-x2apic", fill_q35_x2apic },
};
const unsigned test_nmachines = sizeof(test_machines) / sizeof(test_machines[0]);
