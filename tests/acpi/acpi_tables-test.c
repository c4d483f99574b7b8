/* ACPI table builder: checksums, pointers, MADT/FADT contents, DSDT decoded by the test decoder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "acpi.h"
#include "aml_decode.h"
#include "machines.h"
#include "test-console.h"

#define PHYS 0x7ff00000ull
static uint8_t buf[ACPI_BUF_SIZE];
static char text[1 << 20];
static char err[256];
static struct acpi_machine mach;
static struct acpi_result res;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint8_t *at(uint64_t addr)
{
	assert_true(addr >= PHYS && addr < PHYS + sizeof(buf));
	return buf + (addr - PHYS);
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static const struct acpi_table_rec *find(const char *sig)
{
	for (unsigned i = 0; i < res.ntables; i++)
		if (!strcmp(res.tables[i].sig, sig))
			return &res.tables[i];
	return NULL;
}

static void build(unsigned idx)
{
	test_console_reset();
	test_machines[idx].fill(&mach);
	if (acpi_build(&mach, buf, PHYS, sizeof(buf), &res))
		fail_msg("%s: build failed: %s", test_machines[idx].name, test_log_text());
}

static void test_checksums_and_lengths(void **state)
{
	for (unsigned m = 0; m < test_nmachines; m++) {
		build(m);
		assert_true(res.ntables >= 7);
		for (unsigned i = 0; i < res.ntables; i++) {
			const struct acpi_table_rec *t = &res.tables[i];
			uint8_t *p = at(t->addr);
			assert_memory_equal(p, t->sig, 4);
			assert_int_equal(rd32(p + 4), t->len);
			assert_true(t->addr + t->len <= PHYS + res.used);
			if (strcmp(t->sig, "FACS"))
				assert_int_equal(sum(p, t->len), 0);
			/* no two tables overlap */
			for (unsigned j = 0; j < i; j++) {
				const struct acpi_table_rec *u = &res.tables[j];
				assert_true(t->addr >= u->addr + u->len || u->addr >= t->addr + t->len);
			}
		}
		/* RSDP: both checksums, revision 2, pointers */
		assert_memory_equal(res.rsdp, "RSD PTR ", 8);
		assert_int_equal(sum(res.rsdp, 20), 0);
		assert_int_equal(sum(res.rsdp, 36), 0);
		assert_int_equal(res.rsdp[15], 2);
		assert_int_equal(rd32(res.rsdp + 20), 36);
		assert_int_equal(rd32(res.rsdp + 16), find("RSDT")->addr);
		assert_int_equal(rd64(res.rsdp + 24), find("XSDT")->addr);
		assert_memory_equal(at(find("DSDT")->addr + 10), "VMFW  ", 6);	/* OEM ID */
	}
}

static void test_rsdt_xsdt_entries(void **state)
{
	for (unsigned m = 0; m < test_nmachines; m++) {
		build(m);
		const uint8_t *r = at(find("RSDT")->addr), *x = at(find("XSDT")->addr);
		unsigned nr = (rd32(r + 4) - 36) / 4, nx = (rd32(x + 4) - 36) / 8;
		assert_int_equal(nr, nx);
		bool facp = false, apic = false, ssdt = false, mcfg = false, hpet = false;
		for (unsigned i = 0; i < nr; i++) {
			uint64_t a = rd32(r + 36 + 4 * i);
			assert_int_equal(rd64(x + 36 + 8 * i), a);
			const uint8_t *t = at(a);
			facp |= !memcmp(t, "FACP", 4);
			apic |= !memcmp(t, "APIC", 4);
			ssdt |= !memcmp(t, "SSDT", 4);
			mcfg |= !memcmp(t, "MCFG", 4);
			hpet |= !memcmp(t, "HPET", 4);
			assert_false(!memcmp(t, "DSDT", 4) || !memcmp(t, "FACS", 4));
		}
		assert_true(facp && apic && ssdt);
		assert_int_equal(mcfg, mach.chipset == ACPI_CHIPSET_Q35 && mach.ecam_size);
		assert_int_equal(hpet, mach.hpet_present && !(mach.variant.features & ACPI_VF_NO_HPET));
	}
}

static void test_fadt_pointers(void **state)
{
	for (unsigned m = 0; m < test_nmachines; m++) {
		build(m);
		const uint8_t *f = at(find("FACP")->addr);
		uint64_t facs = find("FACS")->addr, dsdt = find("DSDT")->addr;
		unsigned rev = f[8];
		unsigned want = mach.variant.fadt_rev ? mach.variant.fadt_rev : mach.chipset == ACPI_CHIPSET_Q35 ? 3 : 1;
		assert_int_equal(rev, want);
		assert_int_equal(rd32(f + 4), rev >= 3 ? 244 : 116);
		assert_int_equal(facs % 64, 0);
		assert_int_equal(rd32(f + 36), facs);
		assert_int_equal(rd32(f + 40), dsdt);
		assert_int_equal(rd16(f + 46), mach.sci_irq);
		assert_int_equal(rd32(f + 56), mach.pm_io_base);		/* PM1a_EVT_BLK */
		assert_int_equal(rd32(f + 64), mach.pm_io_base + 4u);	/* PM1a_CNT_BLK */
		assert_int_equal(rd32(f + 76), mach.pm_io_base + 8u);	/* PM_TMR_BLK */
		assert_int_equal(rd32(f + 80), mach.gpe0_addr);
		assert_int_equal(f[88], 4);
		assert_int_equal(f[89], 2);
		assert_int_equal(f[91], 4);
		assert_int_equal(f[92], mach.gpe0_len);
		if (rev >= 3) {
			assert_int_equal(rd64(f + 132), facs);		/* X_FIRMWARE_CTRL */
			assert_int_equal(rd64(f + 140), dsdt);		/* X_DSDT */
			assert_int_equal(rd64(f + 148 + 4), mach.pm_io_base);	/* X_PM1a_EVT_BLK address */
			assert_int_equal(f[148 + 1], 32);
			assert_int_equal(f[172 + 1], 16);			/* X_PM1a_CNT_BLK width */
			assert_int_equal(rd64(f + 208 + 4), mach.pm_io_base + 8u);	/* X_PM_TMR_BLK */
			assert_int_equal(f[208 + 1], 32);
			assert_int_equal(f[208 + 3], 3);			/* dword access */
			assert_int_equal(rd64(f + 220 + 4), mach.gpe0_addr);
			assert_int_equal(f[220 + 1], mach.gpe0_len * 8);
			/* reset register: SystemIO 0xcf9, value 6, RESET_REG_SUP */
			assert_int_equal(f[116], 1);
			assert_int_equal(rd64(f + 120), 0xcf9);
			assert_int_equal(f[128], 0x06);
			assert_true(rd32(f + 112) & (1u << 10));
		} else {
			assert_false(rd32(f + 112) & (1u << 10));
		}
		/* the DSDT the FADT points at is ours */
		assert_memory_equal(at(dsdt), "DSDT", 4);
		assert_memory_equal(at(facs), "FACS", 4);
	}
}

static void test_madt(void **state)
{
	for (unsigned m = 0; m < test_nmachines; m++) {
		build(m);
		const uint8_t *t = at(find("APIC")->addr);
		uint32_t len = rd32(t + 4);
		assert_int_equal(rd32(t + 36), 0xfee00000u);
		unsigned cpus = 0, enabled = 0, ioapics = 0, iso0 = 0, iso9 = 0, nmi = 0;
		uint32_t seen_ids[ACPI_MAX_CPUS];
		for (uint32_t off = 44; off < len;) {
			uint8_t type = t[off], elen = t[off + 1];
			assert_true(elen >= 2 && off + elen <= len);
			if (type == 0 || type == 9) {
				uint32_t id = type == 0 ? t[off + 3] : rd32(t + off + 4);
				uint32_t flags = type == 0 ? rd32(t + off + 4) : rd32(t + off + 8);
				uint32_t uid = type == 0 ? t[off + 2] : rd32(t + off + 12);
				assert_int_equal(uid, cpus);
				assert_int_equal(id, mach.apic_id[cpus]);
				for (unsigned k = 0; k < cpus; k++)
					assert_int_not_equal(seen_ids[k], id);
				seen_ids[cpus++] = id;
				enabled += flags & 1;
			} else if (type == 1) {
				ioapics++;
				assert_int_equal(rd32(t + off + 4), mach.ioapic_addr);
			} else if (type == 2) {
				if (t[off + 3] == 0) {
					iso0++;
					assert_int_equal(rd32(t + off + 4), 2);
				}
				if (t[off + 3] == 9) {
					iso9++;
					assert_int_equal(rd16(t + off + 8), 0x0d);	/* level, active high */
				}
			} else if (type == 4 || type == 0x0a) {
				nmi++;
			}
			off += elen;
		}
		assert_int_equal(cpus, mach.ncpus_possible);
		assert_int_equal(enabled, mach.ncpus_present);
		assert_int_equal(ioapics, 1);
		assert_int_equal(iso0, 1);
		assert_int_equal(iso9, 1);
		assert_true(nmi >= 1);
	}
}

static void test_hpet_mcfg(void **state)
{
	build(2);	/* q35 */
	const uint8_t *h = at(find("HPET")->addr);
	assert_int_equal(rd64(h + 44), mach.hpet_addr);
	const uint8_t *c = at(find("MCFG")->addr);
	assert_int_equal(rd32(c + 4), 60);
	assert_int_equal(rd64(c + 44), mach.ecam_base);
	assert_int_equal(c[54], mach.ecam_bus_start);
	assert_int_equal(c[55], mach.ecam_bus_end);
	build(0);	/* pc: no MCFG */
	assert_null(find("MCFG"));
}

static const char *decode_table(const char *sig)
{
	const struct acpi_table_rec *t = find(sig);
	assert_non_null(t);
	if (aml_decode(at(t->addr) + 36, t->len - 36, text, sizeof(text), err, sizeof(err)))
		fail_msg("%s does not decode: %s", sig, err);
	return text;
}

static void test_dsdt_q35(void **state)
{
	build(2);
	const char *t = decode_table("DSDT");
	assert_non_null(strstr(t, "Scope(\\_SB){Device(PCI0){Name(_HID,D(0x80ad041));Name(_CID,D(0x30ad041));"));
	/* _CRS: exactly the windows of the machine description */
	assert_non_null(strstr(t, "WordBusNumber(Producer,gf=0xc,tf=0x0,0x0,0x0,0x3,0x0,0x4)"));
	assert_non_null(strstr(t, "WordIO(Producer,gf=0xc,tf=0x3,0x0,0xc000,0xffff,0x0,0x4000)"));
	assert_non_null(strstr(t, "DWordMemory(Producer,gf=0xc,tf=0x1,0x0,0xc0000000,0xfebfffff,0x0,0x3ec00000)"));
	assert_non_null(strstr(t, "QWordMemory(Producer,gf=0xc,tf=0x3,0x0,0x800000000,0xfffffffff,0x0,0x800000000)"));
	/* ICH9 routing, APIC mode: 00:02 INTA -> PIRQG (GSI 22); behind the root port at 00:02,
	 * device 0 INTA -> the same */
	assert_non_null(strstr(t, "Package(4){D(0x2ffff),Zero,\\_SB.GSIG,Zero}"));
	assert_non_null(strstr(t, "Device(S10){Name(_ADR,D(0x20000));Name(PRTP,Package(4){Package(4){W(0xffff),Zero,\\_SB.LNKG,Zero}"));
	/* bus 3 behind 00:03 root port -> bus 2 dev 0 PCIe-PCI bridge: 03:01 INTA swizzles to
	 * bridge pin INTB, then to 00:03 INTB = PIRQ E + (3 + 1) % 4 = E */
	assert_non_null(strstr(t, "Package(4){D(0x1ffff),Zero,\\_SB.GSIE,Zero}"));
	assert_non_null(strstr(t, "Device(GSIA){Name(_HID,D(0xf0cd041));Name(_UID,B(0x10));"));
	assert_non_null(strstr(t, "Interrupt(Consumer,Level,ActiveHigh,Shared){16}"));
	assert_non_null(strstr(t, "Device(DRAC)"));
	/* _OSC of the PCI Express host bridge (its behaviour is run in acpiexec by
	 * test_acpi_offline.py); the power button is the FADT's fixed one, not a PNP0C0C device */
	assert_non_null(strstr(t, "Method(_OSC,4,N){"));
	assert_null(strstr(t, "PWRB"));
	assert_non_null(strstr(t, "Memory32Fixed(ReadOnly,0xfed00000,0x400)"));
	assert_non_null(strstr(t, "Device(PEVT){Name(_HID,\"QEMU0001\");Name(_CRS,RT{IO(Decode16,0x505,0x505,1,1)});Name(_STA,B(0xb));}"));
	assert_non_null(strstr(t, "Name(\\_S5,Package(4){Zero,Zero,Zero,Zero});"));
	assert_non_null(strstr(t, "Name(\\_S3,Package(4){One,One,Zero,Zero});"));
	assert_null(strstr(t, "_S4"));
	/* the LPC is described once, as ISA, not also as SF8 */
	assert_non_null(strstr(t, "Device(ISA){Name(_ADR,D(0x1f0000));"));
	assert_null(strstr(t, "Device(SF8)"));
	assert_non_null(strstr(t, "Device(SFA){Name(_ADR,D(0x1f0002));}"));
}

static void test_dsdt_pc(void **state)
{
	build(0);
	const char *t = decode_table("DSDT");
	assert_non_null(strstr(t, "Device(PCI0){Name(_HID,D(0x30ad041));Name(_ADR,Zero);"));
	assert_null(strstr(t, "_CID"));
	assert_null(strstr(t, "_OSC"));		/* plain PCI host bridge */
	assert_null(strstr(t, "PWRB"));
	/* PIIX: slot 3 INTA -> (3 + 0 - 1) % 4 = LNKC; 00:01 INTA -> LNKS (SCI) */
	assert_non_null(strstr(t, "Package(4){D(0x3ffff),Zero,\\_SB.LNKC,Zero}"));
	assert_non_null(strstr(t, "Package(4){D(0x1ffff),Zero,\\_SB.LNKS,Zero}"));
	/* bridge at 00:04 -> bus 1: 01:01 INTA -> bridge INTB -> (4 + 1 - 1) % 4 = LNKA */
	assert_non_null(strstr(t, "Device(S20){Name(_ADR,D(0x40000));Name(_PRT,Package(8){Package(4){D(0x1ffff),Zero,\\_SB.LNKA,Zero}"));
	assert_non_null(strstr(t, "Device(S08){Name(_ADR,D(0x10000));}"));	/* 01:01.0 inside the bridge */
	assert_non_null(strstr(t, "Device(LNKD){Name(_HID,D(0xf0cd041));Name(_UID,B(0x3));"
		"Name(_PRS,RT{Interrupt(Consumer,Level,ActiveHigh,Shared){5,10,11}});"));
	assert_non_null(strstr(t, "OperationRegion(PIRQ,2,B(0x60),B(0x4));Field(PIRQ,0x1){PRQ0:8,PRQ1:8,PRQ2:8,PRQ3:8}"));
	assert_null(strstr(t, "GSIA"));
	assert_null(strstr(t, "PICF"));
	assert_non_null(strstr(t, "Device(C003){Name(_HID,\"ACPI0007\");Name(_UID,B(0x3));}"));
	assert_null(strstr(t, "Device(C004)"));

	build(1);	/* pc-i440fx-1.5: no pvpanic, S3 and S4 */
	t = decode_table("DSDT");
	assert_null(strstr(t, "PEVT"));
	assert_non_null(strstr(t, "Name(\\_S4,Package(4){B(0x2),B(0x2),Zero,Zero});"));
}

static void test_ssdt_variant(void **state)
{
	build(2);
	const char *t = decode_table("SSDT");
	assert_string_equal(t, "Device(\\VMFW){Name(_STA,Zero);Name(VARN,\"pc-q35-7.2\");Name(VSRC,\"smbios\");"
		"Name(CHIP,\"q35\");Name(FREV,B(0x3));Name(VFEA,B(0x4));};");

	/* a garbage token is shown sanitised, not rejected */
	test_console_reset();
	test_machines[0].fill(&mach);
	mach.variant.name = "bad\xff\x01name";
	assert_int_equal(acpi_build(&mach, buf, PHYS, sizeof(buf), &res), 0);
	t = decode_table("SSDT");
	assert_non_null(strstr(t, "Name(VARN,\"bad??name\")"));
}

static void test_bad_input(void **state)
{
	test_machines[0].fill(&mach);
	test_console_reset();
	assert_int_equal(acpi_build(&mach, buf, PHYS, 16 * 1024, &res), -1);
	assert_true(test_log_contains("acpi: table buffer"));

	test_machines[0].fill(&mach);
	mach.ncpus_present = 5;	/* more than possible */
	test_console_reset();
	assert_int_equal(acpi_build(&mach, buf, PHYS, sizeof(buf), &res), -1);
	assert_true(test_log_contains("CPU counts"));

	test_machines[0].fill(&mach);
	mach.variant.fadt_rev = 2;
	test_console_reset();
	assert_int_equal(acpi_build(&mach, buf, PHYS, sizeof(buf), &res), -1);
	assert_true(test_log_contains("FADT revision 2"));

	test_machines[0].fill(&mach);
	test_console_reset();
	assert_int_equal(acpi_build(&mach, buf, 0xfffff000ull, sizeof(buf), &res), -1);

	/* bridge loop: bus 1 bridge back to bus 1 and a bridge whose secondary is its own parent */
	test_machines[0].fill(&mach);
	test_add_pci(&mach, 1, 5, 0, 1);
	test_add_pci(&mach, 1, 6, 0, 0);
	test_console_reset();
	assert_int_equal(acpi_build(&mach, buf, PHYS, sizeof(buf), &res), 0);
}

static void test_arena_exhaustion_reported(void **state)
{
	/* Many bridges with full slots: the DSDT needs more AML arena than a 64 KiB buffer's scratch. */
	static uint8_t small[64 * 1024];
	acpi_machine_defaults(&mach, ACPI_CHIPSET_Q35);
	mach.ncpus_possible = mach.ncpus_present = 1;
	for (unsigned b = 1; b < 8; b++) {
		test_add_pci(&mach, 0, b, 0, (int)b);
		for (unsigned s = 0; s < 32; s++)
			test_add_pci(&mach, b, s, 0, -1);
	}
	test_console_reset();
	assert_int_equal(acpi_build(&mach, small, PHYS, sizeof(small), &res), -1);
	assert_true(test_log_contains("arena exhausted") || test_log_contains("does not fit"));
	/* the same machine fits in the suggested buffer size */
	test_console_reset();
	if (acpi_build(&mach, buf, PHYS, sizeof(buf), &res))
		fail_msg("%s", test_log_text());
}

static void test_report(void **state)
{
	build(2);
	test_console_reset();
	res.rsdp_addr = 0xf5a40;
	acpi_report(&res);
	const char *inv = test_inv_text();
	char want[160];
	const struct acpi_table_rec *d = find("DSDT");
	snprintf(want, sizeof(want), "{\"type\":\"acpi\",\"sig\":\"DSDT\",\"addr\":\"0x%llx\",\"len\":\"0x%x\",\"checksum\":\"0x%x\"}",
		 (unsigned long long)d->addr, d->len, at(d->addr)[9]);
	assert_non_null(strstr(inv, want));
	assert_non_null(strstr(inv, "\"sig\":\"RSDP\",\"addr\":\"0xf5a40\""));
	unsigned lines = 0;
	for (const char *p = inv; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, res.ntables + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksums_and_lengths),
		cmocka_unit_test(test_rsdt_xsdt_entries),
		cmocka_unit_test(test_fadt_pointers),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_hpet_mcfg),
		cmocka_unit_test(test_dsdt_q35),
		cmocka_unit_test(test_dsdt_pc),
		cmocka_unit_test(test_ssdt_variant),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_arena_exhaustion_reported),
		cmocka_unit_test(test_report),
	};
	test_console_reset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
