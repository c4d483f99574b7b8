/*
 * Fuzz target: the Linux boot path's checks of host data. Byte 0 bit 0 picks:
 *   0: bzImage setup header (linux_check_header on an exactly sized buffer of up to
 *      LINUX_HDR_READ bytes, as boot.c reads it), then for an accepted header kernel and
 *      initrd placement over a memory map from the input and the zero page;
 *   1: initrd classification and the cpio walker.
 * Checks: accepted headers satisfy what the loader relies on (alignment a power of two
 * >= 4 KiB, header end inside what was read, setup size from setup_sects); the kernel lands
 * aligned in RAM (preferred address, or below 4 GiB); the initrd lands 4 KiB aligned in
 * RAM below the limit and off the kernel; the zero page carries the map; the cpio walker
 * never claims more than it was given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux.h"		/* linux_*, initrd_* */
#include "e820.h"		/* e820_* */
#include "log.h"		/* log_set_level */
#include "test-console.h"	/* test_console_reset */

int linux_fuzz_one(const uint8_t *data, size_t size);

struct in {
	const uint8_t *p;
	size_t n, i;
};

static uint8_t u8(struct in *in) { return in->i < in->n ? in->p[in->i++] : 0; }
static uint64_t un(struct in *in, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned k = 0; k < bytes; k++)
		v |= (uint64_t)u8(in) << (8 * k);
	return v;
}

static void violated(const char *what, uint64_t a, uint64_t b)
{
	fprintf(stderr, "%slinux-fuzz invariant violated: %s (0x%llx, 0x%llx)\n", test_log_text(), what,
		(unsigned long long)a, (unsigned long long)b);
	abort();
}

static struct e820_map map;

static void header_path(struct in *in)
{
	struct linux_hdr hdr;
	uint64_t ksize = un(in, 4) << (u8(in) % 8);
	uint32_t setup_total = (uint32_t)un(in, 2) * 16;
	size_t len = (size_t)un(in, 2) % (LINUX_HDR_READ + 1);
	if (len > in->n - in->i)
		len = in->n - in->i;
	uint8_t *setup = malloc(len ? len : 1);	/* exact size: ASan sees any read past it */
	memcpy(setup, in->p + in->i, len);
	in->i += len;

	const char *err = linux_check_header(setup, len, setup_total, ksize, &hdr);
	if (err) {
		free(setup);
		return;
	}
	if (hdr.kernel_alignment < 4096 || (hdr.kernel_alignment & (hdr.kernel_alignment - 1)))
		violated("accepted kernel_alignment", hdr.kernel_alignment, 0);
	if (hdr.hdr_end > len || hdr.hdr_end > HDR_END_MAX || hdr.hdr_end <= HDR_START)
		violated("accepted header end", hdr.hdr_end, len);
	if (hdr.setup_size != (hdr.setup_sects + 1) * 512 || (setup_total && setup_total != hdr.setup_size))
		violated("setup size", hdr.setup_size, setup_total);
	if (hdr.version < LINUX_MIN_VERSION || !(hdr.xloadflags & XLF_KERNEL_64))
		violated("accepted protocol", hdr.version, hdr.xloadflags);

	/* A memory map: a few ranges at MiB granularity, some above 4 GiB. */
	e820_init(&map);
	unsigned nr = u8(in) % 8;
	for (unsigned k = 0; k < nr; k++) {
		uint64_t a = un(in, 2) << 20, s = (un(in, 2) + 1) << 16;
		e820_set(&map, a, s, u8(in) % 3 ? E820_RAM : E820_RESERVED);
	}
	uint64_t k = linux_place_kernel(&map, &hdr, ksize);
	uint64_t need = hdr.init_size > ksize ? hdr.init_size : ksize;
	need = (need + 4095) & ~4095ull;
	if (k) {
		if (!e820_is_ram(&map, k, need))
			violated("kernel placed outside RAM", k, need);
		if (k % hdr.kernel_alignment)
			violated("kernel not aligned", k, hdr.kernel_alignment);
		if (k != hdr.pref_address && (!hdr.relocatable || k + need > (4ull << 30) || k < (16ull << 20)))
			violated("kernel moved where it may not go", k, hdr.pref_address);
	}
	uint64_t isize = un(in, 4), limit = un(in, 5);
	uint64_t lim = (uint64_t)hdr.initrd_addr_max + 1;
	if (limit > lim)
		limit = lim;
	uint64_t ia = linux_place_initrd(&map, isize, limit, k, k + need);
	if (ia) {
		if (ia % 4096 || ia + isize > limit || !e820_is_ram(&map, ia, isize))
			violated("initrd placement", ia, isize);
		if (k && ia < k + need && k < ia + isize)
			violated("initrd overlaps the kernel", ia, k);
	}
	uint8_t *bp = malloc(BP_SIZE);
	struct linux_load ld = { k, 0x91000, ia, ia ? isize : 0, 0, 0 };
	linux_fill_boot_params(bp, setup, &hdr, &ld, &map);
	if (bp[BP_E820_ENTRIES] != map.n || bp[HDR_TYPE_OF_LOADER] != LINUX_LOADER_TYPE)
		violated("zero page", bp[BP_E820_ENTRIES], map.n);
	free(bp);
	free(setup);
}

static void cpio_path(const uint8_t *p, size_t n)
{
	unsigned files = 0;
	size_t checked = 0;
	uint8_t *copy = malloc(n ? n : 1);
	memcpy(copy, p, n);
	enum initrd_kind kind = initrd_classify(copy, n);
	if (!initrd_kind_name(kind))
		violated("kind without a name", kind, 0);
	const char *err = initrd_check_cpio(copy, n, &files, &checked);
	if (!err && checked > n)
		violated("cpio walker checked more than it was given", checked, n);
	if ((size_t)files * 110 > n)
		violated("more files than headers fit", files, n);
	free(copy);
}

int linux_fuzz_one(const uint8_t *data, size_t size)
{
	struct in in = { data, size, 0 };

	test_console_reset();
	log_set_level(LOG_WARN);
	if (!size)
		return 0;
	if (data[0] & 1)
		cpio_path(data + 1, size - 1);
	else {
		in.i = 1;
		header_path(&in);
	}
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return linux_fuzz_one(data, size);
}
#endif
