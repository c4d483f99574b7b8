/* e820 map building: QEMU's blob, CMOS fallback, edits, allocation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "e820.h"
#include "util.h"
#include "test-console.h"

static struct e820_map map;

static int setup(void **state)
{
	test_console_reset();
	e820_init(&map);
	return 0;
}

static void rec(uint8_t *p, uint64_t a, uint64_t s, uint32_t t)
{
	put_le64(p, a);
	put_le64(p + 8, s);
	put_le32(p + 16, t);
}

/* Invariants every map must keep: sorted, no overlap, no mergeable neighbours. */
static void check_invariants(const struct e820_map *m)
{
	for (unsigned i = 0; i < m->n; i++) {
		assert_true(m->e[i].size > 0);
		if (i) {
			const struct e820_entry *p = &m->e[i - 1];
			assert_true(p->addr + p->size <= m->e[i].addr);
			assert_false(p->addr + p->size == m->e[i].addr && p->type == m->e[i].type);
		}
	}
}

static void parse_qemu_blob(void **state)
{
	uint8_t blob[3 * 20 + 7];
	rec(blob, 0, 0x9fc00, E820_RAM);
	rec(blob + 20, 0x100000, 0x7ff00000, E820_RAM);
	rec(blob + 40, 0x100000000ull, 0x80000000ull, E820_RAM);
	memset(blob + 60, 0xee, 7);	/* trailing partial record */
	assert_int_equal(e820_parse_fwcfg(&map, blob, sizeof(blob)), 3);
	assert_true(test_log_contains("not a multiple of 20"));
	check_invariants(&map);
	assert_int_equal(map.n, 3);
	assert_int_equal(e820_ram_end_below_4g(&map), 0x80000000ull);
	assert_int_equal(e820_ram_end(&map), 0x180000000ull);
	assert_int_equal(e820_ram_total(&map), 0x9fc00 + 0x7ff00000ull + 0x80000000ull);
}

static void zero_length_entry_ignored(void **state)
{
	uint8_t blob[40];
	rec(blob, 0, 0, E820_RAM);
	rec(blob + 20, 0x100000, 0x100000, E820_RAM);
	assert_int_equal(e820_parse_fwcfg(&map, blob, sizeof(blob)), 1);
	assert_int_equal(map.n, 1);
}

static void cmos_fallback_sizes(void **state)
{
	/* 1 GiB guest: 0x30/0x31 hold 65535 KiB (capped), 0x34/0x35 (1G-16M)/64K. */
	e820_from_cmos(&map, 0xffff, (uint16_t)((0x40000000 - 0x1000000) >> 16), 0);
	assert_int_equal(e820_ram_end(&map), 0x40000000);
	/* 6 GiB q35-like: 2 GiB low (above-16M field), 4 GiB high. */
	e820_init(&map);
	e820_from_cmos(&map, 0xffff, (uint16_t)((0x80000000 - 0x1000000) >> 16), 0x10000);
	assert_int_equal(e820_ram_end_below_4g(&map), 0x80000000);
	assert_int_equal(e820_ram_end(&map), 0x200000000ull);
	/* Tiny guest: only the extended-memory field. */
	e820_init(&map);
	e820_from_cmos(&map, 7 * 1024, 0, 0);
	assert_int_equal(e820_ram_end(&map), 8 << 20);
}

static void set_splits_and_merges(void **state)
{
	e820_set(&map, 0, 0x10000000, E820_RAM);
	e820_set(&map, 0xa0000, 0x40000, E820_HOLE);
	e820_set(&map, 0xe0000, 0x20000, E820_RESERVED);
	e820_set(&map, 0x1000000, 0x10000, E820_ACPI);
	check_invariants(&map);
	assert_int_equal(map.n, 5);
	assert_false(e820_is_ram(&map, 0x9f000, 0x2000));
	assert_true(e820_is_ram(&map, 0x100000, 0xf00000));
	/* Undo: same type again merges back into one entry. */
	e820_set(&map, 0x1000000, 0x10000, E820_RAM);
	check_invariants(&map);
	assert_int_equal(map.n, 3);
}

static void overflow_is_refused_not_corrupting(void **state)
{
	e820_set(&map, 0, 0x10000000, E820_RAM);
	unsigned i;
	for (i = 0; i < 200; i++)
		if (!e820_set(&map, 0x100000 + i * 0x20000, 0x1000, E820_RESERVED))
			break;
	assert_true(i < 200);
	assert_true(map.overflow);
	assert_true(map.n <= E820_MAX);
	check_invariants(&map);
	assert_true(test_log_contains("more than 128 entries"));
}

static void alloc_top_carves_highest_ram(void **state)
{
	e820_set(&map, 0, 0x9fc00, E820_RAM);
	e820_set(&map, 0x100000, 0x7ff00000, E820_RAM);
	e820_set(&map, 0x100000000ull, 0x40000000, E820_RAM);
	uint64_t a = e820_alloc_top(&map, 0x10000, 0x1000, 0x100000000ull, E820_ACPI);
	assert_int_equal(a, 0x80000000 - 0x10000);
	assert_false(e820_is_ram(&map, a, 1));
	uint64_t b = e820_alloc_top(&map, 0x3000, 0x10000, 0x100000000ull, E820_NVS);
	assert_int_equal(b % 0x10000, 0);
	assert_true(b + 0x3000 <= a);
	check_invariants(&map);
	assert_int_equal(e820_alloc_top(&map, 0x100000000ull, 0x1000, 0x100000000ull, E820_ACPI), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(parse_qemu_blob, setup),
		cmocka_unit_test_setup(zero_length_entry_ignored, setup),
		cmocka_unit_test_setup(cmos_fallback_sizes, setup),
		cmocka_unit_test_setup(set_splits_and_merges, setup),
		cmocka_unit_test_setup(overflow_is_refused_not_corrupting, setup),
		cmocka_unit_test_setup(alloc_top_carves_highest_ram, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
