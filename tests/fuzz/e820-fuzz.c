/*
 * Fuzz target: the e820 map. The input is an etc/e820 blob (length from the first two bytes)
 * followed by edits (e820_set with any type including holes, e820_alloc_top, CMOS maps).
 * After every step the map must be sorted, non-overlapping, merged (no two touching entries
 * of one type), without empty or wrapping entries, with known types, at most E820_MAX; an
 * edit must set exactly its range and leave every other address as it was (checked at the
 * boundaries of all entries), and a refused edit must leave the map untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e820.h"		/* e820_* */
#include "log.h"		/* log_set_level */
#include "test-console.h"	/* test_console_reset */

int e820_fuzz_one(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n, i;
};

static uint8_t u8(struct in *in) { return in->i < in->n ? in->p[in->i++] : 0; }
static uint64_t u64n(struct in *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned k = 0; k < bytes; k++)
		v |= (uint64_t)u8(in) << (8 * k);
	return v;
}

static void violated(const char *what, uint64_t a, uint64_t b)
{
	fprintf(stderr, "%se820-fuzz invariant violated: %s (0x%llx, 0x%llx)\n", test_log_text(), what,
		(unsigned long long)a, (unsigned long long)b);
	abort();
}

/*
 * Type at address p (0 = not in the map): a binary search for the last entry starting at or
 * below p, independent of e820.c's own lookups. Only used on maps check_map has accepted
 * (sorted, disjoint); a plain scan made check_edit quadratic and 80% of the run time.
 */
static uint32_t type_at(const struct e820_map *m, uint64_t p)
{
	unsigned lo = 0, hi = m->n;	/* entries [0, lo) start at or below p; [hi, n) above */
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (m->e[mid].addr <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return 0;
	const struct e820_entry *e = &m->e[lo - 1];
	return p - e->addr < e->size ? e->type : 0;
}

static void check_map(const struct e820_map *m)
{
	uint64_t total = 0;
	if (m->n > E820_MAX)
		violated("more than E820_MAX entries", m->n, 0);
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		if (!e->size)
			violated("empty entry", e->addr, i);
		if (e->addr + e->size < e->addr && e->addr + e->size != 0)
			violated("entry wraps", e->addr, e->size);
		if (e->type < E820_RAM || e->type > E820_UNUSABLE)
			violated("unknown type kept", e->type, i);
		if (i) {
			const struct e820_entry *p = &m->e[i - 1];
			if (p->addr >= e->addr || p->addr + p->size > e->addr)
				violated("not sorted or overlapping", p->addr, e->addr);
			if (p->addr + p->size == e->addr && p->type == e->type)
				violated("touching entries of one type not merged", p->addr, e->addr);
		}
		if (e->type == E820_RAM)
			total += e->size;
	}
	if (total != e820_ram_total(m))
		violated("RAM total", total, e820_ram_total(m));
}

static struct e820_map before, m;

/* Every boundary of both maps and of [a, end): outside the edit nothing may change. */
static void check_edit(uint64_t a, uint64_t end, uint32_t type)
{
	const struct e820_map *maps[2] = { &before, &m };
	for (int k = 0; k < 2; k++)
		for (unsigned i = 0; i < maps[k]->n; i++) {
			const struct e820_entry *e = &maps[k]->e[i];
			uint64_t pts[4] = { e->addr, e->addr + e->size - 1, e->addr - 1, e->addr + e->size };
			for (int j = 0; j < 4; j++) {
				uint64_t p = pts[j];
				bool in = p >= a && p < end;
				uint32_t want = in ? (type == E820_HOLE ? 0 : type) : type_at(&before, p);
				if (type_at(&m, p) != want)
					violated("edit changed the wrong addresses", p, type_at(&m, p));
			}
		}
	uint64_t pts[4] = { a, end - 1, a - 1, end };
	for (int j = 0; j < 4; j++) {
		uint64_t p = pts[j];
		bool in = p >= a && p < end;
		uint32_t want = in ? (type == E820_HOLE ? 0 : type) : type_at(&before, p);
		if (type_at(&m, p) != want)
			violated("edit boundary wrong", p, type_at(&m, p));
	}
}

int e820_fuzz_one(const uint8_t *data, size_t size)
{
	struct in in = { data, size, 0 };

	test_console_reset();
	log_set_level(LOG_WARN);
	e820_init(&m);

	size_t blen = (size_t)u8(&in) | (size_t)u8(&in) << 8;
	if (blen > in.n - in.i)
		blen = in.n - in.i;
	int applied = e820_parse_fwcfg(&m, data + in.i, blen);
	in.i += blen;
	if (applied < 0 || (size_t)applied > blen / 20)
		violated("parse count", (uint64_t)applied, blen);
	check_map(&m);

	while (in.i < in.n) {
		uint8_t op = u8(&in);
		unsigned shift = (op >> 3) & 0x3f;	/* scale: small maps collide more */
		uint64_t a = u64n(&in, 2 + (op >> 7) * 6) << (shift & 0x1f);
		uint64_t sz = u64n(&in, 2 + ((op >> 6) & 1) * 6) << (shift & 0x1f);
		uint32_t type = u8(&in) % 6;
		before = m;
		switch (op & 7) {
		case 0: case 1: case 2: case 3: {
			bool ok = e820_set(&m, a, sz, type);
			check_map(&m);
			if (!ok) {
				if (memcmp(before.e, m.e, sizeof(m.e)) || before.n != m.n || !m.overflow)
					violated("refused edit changed the map", a, sz);
			} else if (sz) {
				uint64_t end = a + sz < a ? ~0ull : a + sz;
				check_edit(a, end, type);
			}
			break;
		}
		case 4: {
			uint64_t align = 1ull << (u8(&in) % 40);
			uint64_t below = u64n(&in, 5);
			uint64_t r = e820_alloc_top(&m, sz, align, below, type ? type : E820_RESERVED);
			check_map(&m);
			if (r) {
				if (r % align || r + sz > below || r + sz < r || !e820_is_ram(&before, r, sz))
					violated("alloc_top result", r, sz);
				check_edit(r, r + sz, type ? type : E820_RESERVED);
			}
			break;
		}
		case 5:
			e820_init(&m);
			e820_from_cmos(&m, (uint16_t)a, (uint16_t)sz, (uint32_t)u64n(&in, 3));
			check_map(&m);
			break;
		default: {
			/* Queries against the plain scan. */
			bool ram = e820_is_ram(&m, a, sz);
			if (ram && sz && (type_at(&m, a) != E820_RAM || type_at(&m, a + sz - 1) != E820_RAM))
				violated("is_ram says RAM", a, sz);
			uint64_t top = e820_ram_end_below_4g(&m);
			if (top > (1ull << 32) || (top && type_at(&m, top - 1) != E820_RAM))
				violated("ram_end_below_4g", top, 0);
			uint64_t end = e820_ram_end(&m);
			if (end && type_at(&m, end - 1) != E820_RAM)
				violated("ram_end", end, 0);
			break;
		}
		}
	}
	e820_report(&m, "fuzz");
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return e820_fuzz_one(data, size);
}
#endif
