/* Unit tests for pci/cap.c: bounded standard and extended capability walks, lookup, inventory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "pci_cap.h"
#include "pci_regs.h"
#include "inventory.h"
#include "test-console.h"
#include "fakecfg.h"

#define BDF PCI_BDF(0, 3, 0)	/* "00:03.0" */

static struct fake_cfg f;
static struct pci_cap_list list;

static int setup(void **state)
{
	test_console_reset();
	fake_cfg_init(&f, BDF, 4096);
	memset(&list, 0xa5, sizeof(list));	/* the walker must initialise everything */
	return 0;
}

static void assert_cut_logged(const char *reason)
{
	char want[128];
	snprintf(want, sizeof(want), "00:03.0: capability list cut short: %s", reason);
	if (!test_log_contains(want))
		fail_msg("log lacks \"%s\"; log was:\n%s", want, test_log_text());
}

static void test_regular_list(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0x50);
	fake_cap(&f, 0x50, PCI_CAP_ID_VNDR, 0x60);
	fake_cap(&f, 0x60, PCI_CAP_ID_MSIX, 0x70);
	fake_cap(&f, 0x70, PCI_CAP_ID_VNDR, 0x00);

	assert_int_equal(pci_cap_walk(&f.ops, BDF, &list), 4);
	assert_int_equal(list.n_std, 4);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_NONE);
	assert_int_equal(list.std[0].off, 0x40);
	assert_int_equal(list.std[0].id, PCI_CAP_ID_PM);
	assert_int_equal(list.std[2].off, 0x60);
	assert_false(list.std[2].ext);
	assert_int_equal(pci_cap_find(&list, PCI_CAP_ID_MSIX), 0x60);
	assert_int_equal(pci_cap_find(&list, PCI_CAP_ID_MSI), 0);
	assert_int_equal(pci_cap_find(&list, PCI_CAP_ID_VNDR), 0x50);
	assert_int_equal(pci_cap_find_next(&list, PCI_CAP_ID_VNDR, 0x50), 0x70);
	assert_int_equal(pci_cap_find_next(&list, PCI_CAP_ID_VNDR, 0x70), 0);
	/* An empty extended space at 0x100 is "no extended capabilities", not a cut. */
	assert_true(list.ext_walked);
	assert_int_equal(list.n_ext, 0);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_NONE);
	assert_false(test_log_contains("cut short"));
}

static void test_no_cap_list_bit(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0);
	fake_put16(&f, PCI_STATUS, 0);	/* status says: no list */
	assert_int_equal(pci_cap_walk(&f.ops, BDF, &list), 0);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_NONE);
}

static void test_loop_length_1(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0x40);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 1);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_LOOP);
	assert_int_equal(list.std_cut_at, 0x40);
	assert_cut_logged("loop at 0x40");
}

static void test_loop_length_2(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x48);
	fake_cap(&f, 0x48, PCI_CAP_ID_PM, 0x80);
	fake_cap(&f, 0x80, PCI_CAP_ID_MSI, 0x48);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 2);
	assert_int_equal(list.std[1].id, PCI_CAP_ID_MSI);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_LOOP);
	assert_cut_logged("loop at 0x48");
}

static void test_loop_length_n(void **state)
{
	/* 20 capabilities 8 bytes apart; the last one points back at the 5th. */
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	for (int i = 0; i < 20; i++) {
		uint8_t off = (uint8_t)(0x40 + 8 * i);
		uint8_t next = i == 19 ? 0x40 + 8 * 4 : off + 8;
		fake_cap(&f, off, (uint8_t)(i + 1), next);
	}
	unsigned before = f.reads;
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 20);
	assert_int_equal(list.std[19].id, 20);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_LOOP);
	assert_int_equal(list.std_cut_at, 0x60);
	assert_cut_logged("loop at 0x60");
	assert_true(f.reads - before < 2 * 20 + 8);	/* two reads per capability plus a few */
}

static void test_full_48_entry_list_is_not_cut(void **state)
{
	/* Every dword from 0x40 to 0xfc is a capability: the longest loop-free list. */
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	for (int off = 0x40; off <= 0xfc; off += 4)
		fake_cap(&f, (uint8_t)off, PCI_CAP_ID_VNDR, off == 0xfc ? 0 : (uint8_t)(off + 4));
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, PCI_CAP_STD_MAX_STEPS);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_NONE);

	/* Same list closed into a ring: still bounded, reported as a loop. */
	setup(state);
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	for (int off = 0x40; off <= 0xfc; off += 4)
		fake_cap(&f, (uint8_t)off, PCI_CAP_ID_VNDR, off == 0xfc ? 0x40 : (uint8_t)(off + 4));
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 48);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_LOOP);
}

static void test_pointer_into_header(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x20);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0);	/* sets the status bit */
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 0);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_HEADER);
	assert_cut_logged("pointer into header at 0x20");

	setup(state);
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0x3c);	/* last header dword */
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 1);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_HEADER);
	assert_int_equal(list.std_cut_at, 0x3c);

	/* 0x02 is not the end marker: it aligns to 0, inside the header. */
	setup(state);
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0x02);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 1);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_HEADER);
}

static void test_misaligned_pointers(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x43);	/* -> 0x40 */
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0x52);	/* -> 0x50 */
	fake_cap(&f, 0x50, PCI_CAP_ID_MSIX, 0x61);	/* -> 0x60 */
	fake_cap(&f, 0x60, PCI_CAP_ID_EXP, 0);
	/* Decoys at the unaligned addresses: reading them would give other IDs. */
	fake_put8(&f, 0x52, PCI_CAP_ID_AGP);
	fake_put8(&f, 0x61, 0x00);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 3);
	assert_int_equal(list.std[0].off, 0x40);
	assert_int_equal(list.std[1].off, 0x50);
	assert_int_equal(list.std[1].id, PCI_CAP_ID_MSIX);
	assert_int_equal(list.std[2].off, 0x60);
	assert_int_equal(list.std[2].id, PCI_CAP_ID_EXP);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_NONE);
}

static void test_id_ff(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0x50);
	fake_cap(&f, 0x50, 0xff, 0x60);
	fake_cap(&f, 0x60, PCI_CAP_ID_MSIX, 0);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 1);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_ID_FF);
	assert_int_equal(pci_cap_find(&list, PCI_CAP_ID_MSIX), 0);
	assert_cut_logged("id 0xff at 0x50");

	/* A function that reads all-ones everywhere (surprise removal) ends the same way. */
	setup(state);
	memset(f.space, 0xff, sizeof(f.space));
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 0);
	assert_int_equal(list.std_cut, PCI_CAP_CUT_ID_FF);
	assert_int_equal(list.n_ext, 0);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_NONE);
}

static void test_ext_list(void **state)
{
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 2, 0x148);
	fake_ext(&f, 0x148, PCI_EXT_CAP_ID_DSN, 1, 0x1a0);
	fake_ext(&f, 0x1a0, PCI_EXT_CAP_ID_ARI, 1, 0);
	assert_int_equal(pci_cap_walk(&f.ops, BDF, &list), 3);
	assert_int_equal(list.n_std, 0);
	assert_int_equal(list.n_ext, 3);
	assert_int_equal(list.ext[0].id, PCI_EXT_CAP_ID_ERR);
	assert_int_equal(list.ext[0].version, 2);
	assert_true(list.ext[0].ext);
	assert_int_equal(list.ext[1].off, 0x148);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_NONE);
	assert_int_equal(pci_cap_find_ext(&list, PCI_EXT_CAP_ID_ARI), 0x1a0);
	assert_int_equal(pci_cap_find_ext(&list, PCI_EXT_CAP_ID_SRIOV), 0);
	/* The extended ID space is separate from the standard one. */
	assert_int_equal(pci_cap_find(&list, PCI_EXT_CAP_ID_ERR), 0);
}

static void test_ext_loops(void **state)
{
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0x100);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, 1);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_LOOP);
	assert_cut_logged("extended list: loop at 0x100");

	setup(state);
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0x200);
	fake_ext(&f, 0x200, PCI_EXT_CAP_ID_VC, 1, 0x300);
	fake_ext(&f, 0x300, PCI_EXT_CAP_ID_DSN, 1, 0x200);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, 3);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_LOOP);
	assert_int_equal(list.ext_cut_at, 0x200);
}

static void test_ext_pointer_into_header_and_bad_headers(void **state)
{
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0x0c0);
	fake_put8(&f, PCI_CAPABILITY_LIST, 0);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, 1);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_HEADER);
	assert_cut_logged("extended list: pointer into header at 0xc0");

	setup(state);
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0x200);	/* 0x200 stays 0 */
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, 1);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_EXT_ZERO);

	setup(state);
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0x200);
	fake_put32(&f, 0x200, 0xffffffffu);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, 1);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_EXT_ONES);

	/* All-ones at 0x100 itself: a conventional function behind ECAM, quietly no list. */
	setup(state);
	fake_put32(&f, 0x100, 0xffffffffu);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, 0);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_NONE);
	assert_false(test_log_contains("cut short"));
}

static void test_ext_long_chain_is_bounded(void **state)
{
	/* 200 chained extended capabilities: more than the list holds. */
	for (int i = 0; i < 200; i++) {
		uint16_t off = (uint16_t)(0x100 + 8 * i);
		fake_ext(&f, off, PCI_EXT_CAP_ID_VNDR, 1, (uint16_t)(off + 8));
	}
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_ext, PCI_CAP_EXT_MAX);
	assert_int_equal(list.ext_cut, PCI_CAP_CUT_FULL);
	assert_true(f.reads_ext <= PCI_CAP_EXT_MAX + 1);
}

static void test_ext_not_walked_on_256_byte_space(void **state)
{
	fake_cfg_init(&f, BDF, 256);
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_EXP, 0);
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0);
	pci_cap_walk(&f.ops, BDF, &list);
	assert_int_equal(list.n_std, 1);
	assert_int_equal(list.n_ext, 0);
	assert_false(list.ext_walked);
	assert_int_equal(f.reads_ext, 0);
}

struct seen {
	int n;
	uint16_t off[8];
	bool ext[8];
};

static void record(void *arg, uint16_t bdf, const struct pci_cap *cap)
{
	struct seen *s = arg;
	assert_int_equal(bdf, BDF);
	if (s->n < 8) {
		s->off[s->n] = cap->off;
		s->ext[s->n] = cap->ext;
	}
	s->n++;
}

static void test_callback_order(void **state)
{
	struct seen s = { 0 };
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x80);
	fake_cap(&f, 0x80, PCI_CAP_ID_EXP, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_MSIX, 0);
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 1, 0);
	assert_int_equal(pci_cap_walk_cb(&f.ops, BDF, &list, record, &s), 3);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.off[0], 0x80);
	assert_int_equal(s.off[1], 0x40);
	assert_int_equal(s.off[2], 0x100);
	assert_false(s.ext[1]);
	assert_true(s.ext[2]);
}

static void test_report(void **state)
{
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_MSIX, 0x50);
	fake_cap(&f, 0x50, 0x7e, 0x40);	/* unnamed ID, then a loop */
	fake_ext(&f, 0x100, PCI_EXT_CAP_ID_ERR, 2, 0);
	pci_cap_walk(&f.ops, BDF, &list);
	pci_cap_report(BDF, &list);
	const char *inv = test_inv_text();
	const char *want =
		"{\"type\":\"capability\",\"bdf\":\"00:03.0\","
		"\"caps\":[{\"id\":\"0x11\",\"name\":\"msix\",\"off\":\"0x40\"},"
		"{\"id\":\"0x7e\",\"name\":\"unknown\",\"off\":\"0x50\"}],"
		"\"ext\":[{\"id\":\"0x1\",\"name\":\"aer\",\"off\":\"0x100\",\"ver\":2}],"
		"\"cut\":\"loop at 0x40\"}\n";
	assert_string_equal(inv, want);

	/* 256-byte space: no "ext" key at all, and no cut keys on a clean list. */
	setup(state);
	fake_cfg_init(&f, BDF, 256);
	fake_put8(&f, PCI_CAPABILITY_LIST, 0x40);
	fake_cap(&f, 0x40, PCI_CAP_ID_PM, 0);
	pci_cap_walk(&f.ops, BDF, &list);
	pci_cap_report(BDF, &list);
	assert_string_equal(test_inv_text(),
		"{\"type\":\"capability\",\"bdf\":\"00:03.0\","
		"\"caps\":[{\"id\":\"0x1\",\"name\":\"pm\",\"off\":\"0x40\"}]}\n");
}

static void test_bar_res_range(void **state)
{
	struct pci_bar_res bars[PCI_BAR_RES_COUNT] = {
		[0] = { .base = 0xc000, .size = 0x40, .is_mem = false, .assigned = true },
		[1] = { .base = 0xfebf1000, .size = 0x1000, .is_mem = true, .assigned = true },
		[2] = { .base = 0, .size = 0x1000, .is_mem = true, .assigned = false },
	};
	uint64_t a = 0;
	assert_null(pci_bar_res_range(bars, 1, 0xff0, 0x10, &a));
	assert_int_equal(a, 0xfebf1ff0);
	assert_string_equal(pci_bar_res_range(bars, 1, 0xff0, 0x11, &a), "outside BAR");
	assert_string_equal(pci_bar_res_range(bars, 1, 0xfffffff8, 0x10, &a), "outside BAR");
	assert_string_equal(pci_bar_res_range(bars, 0, 0, 4, &a), "I/O BAR");
	assert_string_equal(pci_bar_res_range(bars, 2, 0, 4, &a), "BAR unassigned");
	assert_string_equal(pci_bar_res_range(bars, 6, 0, 4, &a), "BIR out of range");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_regular_list, setup),
		cmocka_unit_test_setup(test_no_cap_list_bit, setup),
		cmocka_unit_test_setup(test_loop_length_1, setup),
		cmocka_unit_test_setup(test_loop_length_2, setup),
		cmocka_unit_test_setup(test_loop_length_n, setup),
		cmocka_unit_test_setup(test_full_48_entry_list_is_not_cut, setup),
		cmocka_unit_test_setup(test_pointer_into_header, setup),
		cmocka_unit_test_setup(test_misaligned_pointers, setup),
		cmocka_unit_test_setup(test_id_ff, setup),
		cmocka_unit_test_setup(test_ext_list, setup),
		cmocka_unit_test_setup(test_ext_loops, setup),
		cmocka_unit_test_setup(test_ext_pointer_into_header_and_bad_headers, setup),
		cmocka_unit_test_setup(test_ext_long_chain_is_bounded, setup),
		cmocka_unit_test_setup(test_ext_not_walked_on_256_byte_space, setup),
		cmocka_unit_test_setup(test_callback_order, setup),
		cmocka_unit_test_setup(test_report, setup),
		cmocka_unit_test_setup(test_bar_res_range, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
