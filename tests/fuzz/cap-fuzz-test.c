/*
 * Runs the capability fuzz entry (tests/fuzz/cap-fuzz.c) over crafted config spaces and a
 * deterministic pseudo-random sweep, so CI exercises it without clang/libFuzzer.
 * With VMFW_FUZZ_SEED_DIR=<dir> the crafted inputs are also written there as the seed
 * corpus for `make fuzz` / `make fuzz-smoke`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cap-fuzz.h"
#include "pci_regs.h"
#include "test-console.h"

static uint8_t in[CAP_FUZZ_CFG_SIZE];
static int n_seeds;

static void put16(uint16_t off, uint16_t v) { in[off] = (uint8_t)v; in[off + 1] = (uint8_t)(v >> 8); }
static void put32(uint16_t off, uint32_t v) { put16(off, (uint16_t)v); put16(off + 2, (uint16_t)(v >> 16)); }
static void cap(uint8_t off, uint8_t id, uint8_t next) { in[off] = id; in[off + 1] = next; }
static void ext(uint16_t off, uint16_t id, uint16_t next) { put32(off, id | 1u << 16 | (uint32_t)next << 20); }

static void start(void)
{
	memset(in, 0, sizeof(in));
	put16(PCI_STATUS, PCI_STATUS_CAP_LIST);
}

/* Runs the entry on the current input and optionally saves it as a seed. */
static void feed(size_t len)
{
	const char *dir = getenv("VMFW_FUZZ_SEED_DIR");
	if (dir) {
		char path[512];
		snprintf(path, sizeof(path), "%s/seed-%03d", dir, n_seeds);
		FILE *fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(in, 1, len, fp), len);
		fclose(fp);
	}
	n_seeds++;
	assert_int_equal(cap_fuzz_one(in, len), 0);
}

static void test_crafted(void **state)
{
	/* Empty, short, all zeros, all ones. */
	assert_int_equal(cap_fuzz_one(NULL, 0), 0);
	start();
	feed(8);
	memset(in, 0, sizeof(in));
	feed(sizeof(in));
	memset(in, 0xff, sizeof(in));
	feed(sizeof(in));

	/* Standard loops of length 1, 2 and N; header pointers; misaligned; id 0xff. */
	start(); in[PCI_CAPABILITY_LIST] = 0x40; cap(0x40, 1, 0x40); feed(256);
	start(); in[PCI_CAPABILITY_LIST] = 0x40; cap(0x40, 1, 0x80); cap(0x80, 5, 0x40); feed(256);
	start(); in[PCI_CAPABILITY_LIST] = 0x40;
	for (int off = 0x40; off <= 0xfc; off += 4)
		cap((uint8_t)off, 9, (uint8_t)(off == 0xfc ? 0x40 : off + 4));
	feed(256);
	start(); in[PCI_CAPABILITY_LIST] = 0x3f; feed(256);
	start(); in[PCI_CAPABILITY_LIST] = 0x43; cap(0x40, 1, 0x57); cap(0x54, 0xff, 0); feed(256);
	start(); in[PCI_CAPABILITY_LIST] = 0xff; feed(4096);

	/* Extended: loop, pointer into header, zero and all-ones headers, a long chain. */
	start(); ext(0x100, 1, 0x100); feed(4096);
	start(); ext(0x100, 1, 0x200); ext(0x200, 2, 0x100); feed(4096);
	start(); ext(0x100, 1, 0x0fc); feed(4096);
	start(); ext(0x100, 1, 0x200); put32(0x200, 0xffffffffu); feed(4096);
	start();
	for (int off = 0x100; off < 0xff8; off += 8)
		ext((uint16_t)off, 0xb, (uint16_t)(off + 8));
	ext(0xff8, 0xb, 0x100);
	feed(4096);

	/* MSI-X with table size 2048 in a fuzz-assigned BAR, and one outside its BAR. */
	start(); in[PCI_CAPABILITY_LIST] = 0x40; cap(0x40, PCI_CAP_ID_MSIX, 0);
	put16(0x42, 0x7ff); put32(0x44, 0x0 | 2); put32(0x48, 0x8000 | 2);
	in[PCI_BASE_ADDRESS_2] = 0x02; in[PCI_BASE_ADDRESS_2 + 1] = 16; in[PCI_BASE_ADDRESS_2 + 3] = 0xfe;
	feed(4096);
	put32(0x44, 0xfff0 | 2);
	feed(4096);

	/* virtio vendor capabilities pointing into the BARs. */
	start(); in[PCI_CAPABILITY_LIST] = 0x40;
	for (int i = 0; i < 5; i++) {
		uint8_t off = (uint8_t)(0x40 + 0x14 * i);
		cap(off, PCI_CAP_ID_VNDR, i == 4 ? 0 : (uint8_t)(off + 0x14));
		in[off + 2] = 20; in[off + 3] = (uint8_t)(i + 1); in[off + 4] = 4;
		put32(off + 8, 0x1000u * (unsigned)i); put32(off + 12, 0x1000); put32(off + 16, 4);
	}
	in[PCI_BASE_ADDRESS_4] = 0x02; in[PCI_BASE_ADDRESS_4 + 1] = 14;
	feed(4096);

	/* The crafted inputs reach every stage. */
	struct cap_fuzz_stats *st = &cap_fuzz_stats;
	assert_true(st->std_cuts >= 6);
	assert_true(st->ext_cuts >= 4);
	assert_true(st->msix_ok >= 1);
	assert_true(st->msix_rejected >= 1);
	assert_true(st->virtio_ok >= 1);
}

/* Deterministic sweep: random bytes with pointers biased towards the capability area. */
static void test_random_sweep(void **state)
{
	uint32_t x = 0x2545f491u;
	struct cap_fuzz_stats before = cap_fuzz_stats;
	for (int iter = 0; iter < 3000; iter++) {
		for (size_t i = 0; i < sizeof(in); i++) {
			x ^= x << 13; x ^= x >> 17; x ^= x << 5;
			in[i] = (uint8_t)x;
		}
		in[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
		for (int k = 0; k < 16; k++) {	/* plausible chains in both spaces */
			x ^= x << 13; x ^= x >> 17; x ^= x << 5;
			uint8_t off = (uint8_t)(0x40 + (x % 48) * 4);
			in[off + 1] = (uint8_t)(0x40 + ((x >> 8) % 48) * 4);
			if (k == 0)
				in[PCI_CAPABILITY_LIST] = off;
			if (k % 4 == 0)
				in[off] = PCI_CAP_ID_MSIX;
			uint16_t eo = (uint16_t)(0x100 + ((x >> 16) % 960) * 4);
			uint16_t en = (uint16_t)(0x100 + ((x >> 20) % 960) * 4);
			put32(eo, (x & 0xffff) | 1u << 16 | (uint32_t)en << 20);
			if (k == 0)
				put32(0x100, (x & 0xffff) | 1u << 16 | (uint32_t)eo << 20);
		}
		assert_int_equal(cap_fuzz_one(in, (size_t)(x % 2 ? sizeof(in) : 256 + (x >> 4) % 3840)), 0);
	}
	struct cap_fuzz_stats *st = &cap_fuzz_stats;
	print_message("sweep: %u std caps, %u ext caps, %u/%u std/ext cuts, MSI-X %u ok %u rejected\n",
		      st->std_caps - before.std_caps, st->ext_caps - before.ext_caps,
		      st->std_cuts - before.std_cuts, st->ext_cuts - before.ext_cuts,
		      st->msix_ok - before.msix_ok, st->msix_rejected - before.msix_rejected);
	assert_true(st->std_caps - before.std_caps > 3000);
	assert_true(st->ext_caps - before.ext_caps > 3000);
	assert_true(st->msix_ok > before.msix_ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crafted),
		cmocka_unit_test(test_random_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
