/* Unit tests for pci/msix.c: table/PBA validation, entry programming, masks, handoff, inventory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "msix.h"
#include "pci_regs.h"
#include "test-console.h"
#include "fakecfg.h"

#define BDF	PCI_BDF(0, 4, 0)	/* "00:04.0" */
#define CAP	0x50
#define BAR1	0xfebf0000ull		/* memory BAR holding table and PBA */
#define BAR1_SIZE 0x10000u

static struct fake_cfg f;
static struct msix_dev m;
static struct pci_bar_res bars[PCI_BAR_RES_COUNT];

/* BAR1 memory as the device decodes it; every access is checked against the BAR. */
static uint8_t bar_mem[BAR1_SIZE];
static unsigned entry_writes_unmasked_fn;	/* addr/data written while the function mask was clear */

static uint8_t *at(uint64_t a, unsigned n)
{
	if (a < BAR1 || a + n > BAR1 + BAR1_SIZE)
		fail_msg("MMIO access at 0x%llx outside BAR1", (unsigned long long)a);
	if (a & (n - 1))
		fail_msg("unaligned %u-byte MMIO access at 0x%llx", n, (unsigned long long)a);
	return &bar_mem[a - BAR1];
}

static uint32_t mr(uint64_t a, unsigned n)
{
	uint8_t *p = at(a, n);
	uint32_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void mw(uint64_t a, uint32_t v, unsigned n)
{
	uint8_t *p = at(a, n);
	if (n != 4)
		fail_msg("MSI-X table/PBA written with width %u", n);
	uint64_t t = m.table;
	if (a >= t && a < t + (uint64_t)m.table_size * PCI_MSIX_ENTRY_SIZE &&
	    (a - t) % PCI_MSIX_ENTRY_SIZE != PCI_MSIX_ENTRY_VECTOR_CTRL &&
	    !(fake_get16(&f, CAP + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_MASKALL))
		entry_writes_unmasked_fn++;
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t r8(void *c, uint64_t a) { return (uint8_t)mr(a, 1); }
static uint16_t r16(void *c, uint64_t a) { return (uint16_t)mr(a, 2); }
static uint32_t r32(void *c, uint64_t a) { return mr(a, 4); }
static void w8(void *c, uint64_t a, uint8_t v) { mw(a, v, 1); }
static void w16(void *c, uint64_t a, uint16_t v) { mw(a, v, 2); }
static void w32(void *c, uint64_t a, uint32_t v) { mw(a, v, 4); }
static const struct mmio_ops mmio = {
	.read8 = r8, .read16 = r16, .read32 = r32, .write8 = w8, .write16 = w16, .write32 = w32,
};

static uint32_t tbl(uint16_t entry, unsigned reg)
{
	uint64_t a = m.table + (uint64_t)entry * 16 + reg - BAR1;
	return (uint32_t)bar_mem[a] | (uint32_t)bar_mem[a + 1] << 8 |
	       (uint32_t)bar_mem[a + 2] << 16 | (uint32_t)bar_mem[a + 3] << 24;
}

/* MSI-X capability with n entries; table and PBA as (bir, offset). */
static void make_cap(unsigned n, unsigned tbir, uint32_t toff, unsigned pbir, uint32_t poff)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, CAP);
	fake_cap(&f, CAP, PCI_CAP_ID_MSIX, 0);
	fake_put16(&f, CAP + PCI_MSIX_FLAGS, (uint16_t)(n - 1));
	fake_put32(&f, CAP + PCI_MSIX_TABLE, toff | tbir);
	fake_put32(&f, CAP + PCI_MSIX_PBA, poff | pbir);
}

static int setup(void **state)
{
	test_console_reset();
	fake_cfg_init(&f, BDF, 256);
	memset(&m, 0, sizeof(m));
	memset(bar_mem, 0, sizeof(bar_mem));
	memset(bars, 0, sizeof(bars));
	entry_writes_unmasked_fn = 0;
	bars[0] = (struct pci_bar_res){ .base = 0xc040, .size = 0x40, .is_mem = false, .assigned = true };
	bars[1] = (struct pci_bar_res){ .base = BAR1, .size = BAR1_SIZE, .is_mem = true, .assigned = true };
	bars[2] = (struct pci_bar_res){ .base = 0, .size = 0x4000, .is_mem = true, .assigned = false };
	return 0;
}

static void test_probe_ok(void **state)
{
	make_cap(3, 1, 0x2000, 1, 0x3800);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);
	assert_int_equal(m.table_size, 3);
	assert_int_equal(m.table_bir, 1);
	assert_int_equal(m.table, BAR1 + 0x2000);
	assert_int_equal(m.pba, BAR1 + 0x3800);
	assert_false(test_log_contains("ERROR"));
}

static void test_table_outside_bar(void **state)
{
	/* 4 entries = 64 bytes: ends exactly at the BAR end, then one dword past it. */
	make_cap(4, 1, BAR1_SIZE - 64, 1, 0);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);

	setup(state);
	make_cap(5, 1, BAR1_SIZE - 64, 1, 0);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("ERROR 00:04.0: MSI-X table"));
	assert_true(test_log_contains("outside BAR, skipped"));

	/* An offset near 4 GiB must not wrap around. */
	setup(state);
	make_cap(2, 1, 0xfffffff8, 1, 0);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
}

static void test_pba_outside_bar(void **state)
{
	make_cap(1, 1, 0, 1, BAR1_SIZE - 8);	/* 1 entry: 8-byte PBA fits exactly */
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);

	setup(state);
	make_cap(65, 1, 0, 1, BAR1_SIZE - 8);	/* 65 entries need two qwords */
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("MSI-X PBA"));
}

static void test_bir_unassigned_io_reserved(void **state)
{
	make_cap(2, 2, 0, 1, 0x800);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("BAR unassigned"));

	setup(state);
	make_cap(2, 0, 0, 1, 0x800);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("I/O BAR"));

	setup(state);
	make_cap(2, 1, 0, 0, 0x8);	/* PBA in the I/O BAR */
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("MSI-X PBA"));

	setup(state);
	make_cap(2, 7, 0, 1, 0x800);	/* reserved BIR */
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("BIR out of range"));
}

static void test_programming(void **state)
{
	make_cap(3, 1, 0x1000, 1, 0x1800);
	/* A reserved vector-control bit that must survive, and a stale unmasked entry. */
	bar_mem[0x1000 + 2 * 16 + 15] = 0x80;
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);
	msix_setup(&f.ops, &mmio, &m, 3, 0x41);

	uint16_t ctrl = fake_get16(&f, CAP + PCI_MSIX_FLAGS);
	assert_true(ctrl & PCI_MSIX_FLAGS_ENABLE);
	assert_true(ctrl & PCI_MSIX_FLAGS_MASKALL);
	assert_int_equal(ctrl & PCI_MSIX_FLAGS_QSIZE, 2);	/* read-only field kept */
	assert_true(fake_get16(&f, PCI_COMMAND) & PCI_COMMAND_MEMORY);
	for (uint16_t i = 0; i < 3; i++) {
		assert_int_equal(tbl(i, PCI_MSIX_ENTRY_LOWER_ADDR), 0xfee00000u | 3u << 12);
		assert_int_equal(tbl(i, PCI_MSIX_ENTRY_UPPER_ADDR), 0);
		assert_int_equal(tbl(i, PCI_MSIX_ENTRY_DATA), 0x41);	/* fixed, edge */
		assert_int_equal(tbl(i, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1, 1);
	}
	assert_int_equal(tbl(2, PCI_MSIX_ENTRY_VECTOR_CTRL), 0x80000001u);
	assert_int_equal(entry_writes_unmasked_fn, 0);
	/* Nothing beyond the table was touched. */
	assert_int_equal(bar_mem[0x1000 + 3 * 16], 0);
	assert_int_equal(bar_mem[0x1800], 0);

	/* Unmask one entry: entry first, then function; mask: the reverse. */
	msix_unmask(&f.ops, &mmio, &m, 1);
	ctrl = fake_get16(&f, CAP + PCI_MSIX_FLAGS);
	assert_false(ctrl & PCI_MSIX_FLAGS_MASKALL);
	assert_true(ctrl & PCI_MSIX_FLAGS_ENABLE);
	assert_int_equal(tbl(1, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1, 0);
	assert_int_equal(tbl(0, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1, 1);
	msix_mask(&f.ops, &mmio, &m, 1);
	assert_true(fake_get16(&f, CAP + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_MASKALL);
	assert_int_equal(tbl(1, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1, 1);

	msix_set_entry(&mmio, &m, 2, 0x12, 0x55);
	assert_int_equal(tbl(2, PCI_MSIX_ENTRY_LOWER_ADDR), 0xfee12000u);
	assert_int_equal(tbl(2, PCI_MSIX_ENTRY_DATA), 0x55);
	msix_set_entry(&mmio, &m, 3, 0x12, 0x55);	/* out of range: ignored */
	assert_int_equal(bar_mem[0x1000 + 3 * 16], 0);
}

static void test_table_size_2048(void **state)
{
	make_cap(2048, 1, 0x0, 1, 0x8000);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);
	assert_int_equal(m.table_size, 2048);
	msix_setup(&f.ops, &mmio, &m, 1, 0x30);
	for (uint16_t i = 0; i < 2048; i++) {
		if (tbl(i, PCI_MSIX_ENTRY_LOWER_ADDR) != 0xfee01000u ||
		    tbl(i, PCI_MSIX_ENTRY_DATA) != 0x30 || !(tbl(i, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1))
			fail_msg("entry %u not programmed", i);
	}
	assert_int_equal(bar_mem[0x8000], 0);	/* PBA untouched */

	/* 2048 entries need 32 KiB: a 16 KiB BAR cannot hold the table. */
	setup(state);
	bars[1].size = 0x4000;
	make_cap(2048, 1, 0x0, 1, 0x3f00);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), -1);
	assert_true(test_log_contains("2048 entries"));
}

static void test_handoff(void **state)
{
	make_cap(4, 1, 0x0, 1, 0x800);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);
	msix_setup(&f.ops, &mmio, &m, 0, 0x40);
	msix_unmask(&f.ops, &mmio, &m, 0);	/* firmware still "using" entry 0 */
	msix_handoff(&f.ops, &mmio, &m);
	uint16_t ctrl = fake_get16(&f, CAP + PCI_MSIX_FLAGS);
	assert_false(ctrl & PCI_MSIX_FLAGS_ENABLE);
	assert_false(ctrl & PCI_MSIX_FLAGS_MASKALL);	/* found clear, left clear */
	assert_int_equal(ctrl & PCI_MSIX_FLAGS_QSIZE, 3);
	for (uint16_t i = 0; i < 4; i++)
		assert_int_equal(tbl(i, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1, 1);

	/* Function mask found set (and MSI-X left enabled by someone): mask kept, enable cleared. */
	setup(state);
	make_cap(4, 1, 0x0, 1, 0x800);
	fake_put16(&f, CAP + PCI_MSIX_FLAGS, 3 | PCI_MSIX_FLAGS_MASKALL | PCI_MSIX_FLAGS_ENABLE);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);
	assert_true(test_log_contains("already enabled"));
	msix_setup(&f.ops, &mmio, &m, 0, 0x40);
	msix_unmask(&f.ops, &mmio, &m, 2);
	msix_handoff(&f.ops, &mmio, &m);
	ctrl = fake_get16(&f, CAP + PCI_MSIX_FLAGS);
	assert_false(ctrl & PCI_MSIX_FLAGS_ENABLE);
	assert_true(ctrl & PCI_MSIX_FLAGS_MASKALL);
	assert_int_equal(tbl(2, PCI_MSIX_ENTRY_VECTOR_CTRL) & 1, 1);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void test_report(void **state)
{
	make_cap(6, 1, 0x100, 1, 0x900);
	assert_int_equal(msix_probe(&f.ops, BDF, CAP, bars, &m), 0);
	msix_setup(&f.ops, &mmio, &m, 2, 0x44);
	m.user = "virtio-rng";
	m.user_entry = 0;
	m.user_irqs = 1;
	m.user_bytes = 64;
	msix_handoff(&f.ops, &mmio, &m);
	msix_report(&f.ops, &mmio, &m);
	const char *inv = test_inv_text();
	assert_non_null(strstr(inv, "{\"type\":\"msix\",\"bdf\":\"00:04.0\",\"table_size\":6,"
				    "\"table\":\"0xfebf0100\",\"table_bir\":1,\"pba\":\"0xfebf0900\""));
	assert_non_null(strstr(inv, "\"enabled\":false,\"function_mask\":false,\"programmed\":6"));
	assert_non_null(strstr(inv, "{\"entry\":0,\"addr\":\"0xfee02000\",\"data\":\"0x44\",\"masked\":true}"));
	assert_int_equal(count(inv, "\"addr\":"), MSIX_REPORT_ENTRIES);
	assert_non_null(strstr(inv, "\"use\":{\"driver\":\"virtio-rng\",\"entry\":0,\"vector\":\"0x44\","
				    "\"interrupts\":1,\"bytes\":64}"));
	assert_int_equal(count(inv, "\n"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_ok, setup),
		cmocka_unit_test_setup(test_table_outside_bar, setup),
		cmocka_unit_test_setup(test_pba_outside_bar, setup),
		cmocka_unit_test_setup(test_bir_unassigned_io_reserved, setup),
		cmocka_unit_test_setup(test_programming, setup),
		cmocka_unit_test_setup(test_table_size_2048, setup),
		cmocka_unit_test_setup(test_handoff, setup),
		cmocka_unit_test_setup(test_report, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
