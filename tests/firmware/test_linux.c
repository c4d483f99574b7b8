/* Linux boot protocol: header checks, placement, boot_params; initrd cpio checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "linux.h"
#include "util.h"
#include "test-console.h"

#define MIB (1024ull * 1024)

static uint8_t setup[LINUX_HDR_READ];

/* A plausible 64-bit bzImage header, as a 6.1 kernel has it (values typed from the spec). */
static void make_header(void)
{
	memset(setup, 0, sizeof(setup));
	setup[HDR_SETUP_SECTS] = 39;
	put_le16(setup + HDR_BOOT_FLAG, 0xaa55);
	setup[HDR_JUMP] = 0xeb;
	setup[HDR_JUMP + 1] = 0x6a;	/* header ends at 0x26c */
	memcpy(setup + HDR_MAGIC, "HdrS", 4);
	put_le16(setup + HDR_VERSION, 0x020f);
	setup[HDR_LOADFLAGS] = LOADFLAG_LOADED_HIGH;
	put_le32(setup + HDR_INITRD_ADDR_MAX, 0x7fffffff);
	put_le32(setup + HDR_KERNEL_ALIGNMENT, 0x200000);
	setup[HDR_RELOCATABLE] = 1;
	put_le16(setup + HDR_XLOADFLAGS, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	put_le32(setup + HDR_CMDLINE_SIZE, 2047);
	put_le64(setup + HDR_PREF_ADDRESS, 0x1000000);
	put_le32(setup + HDR_INIT_SIZE, 0x3f98000);
	put_le32(setup + 0x0, 0xdeadbeef);	/* outside the header: must not be copied */
}

static int setup_fn(void **state)
{
	test_console_reset();
	make_header();
	return 0;
}

static const char *check(void)
{
	struct linux_hdr h;
	return linux_check_header(setup, sizeof(setup), 40 * 512, 8 * MIB, &h);
}

static void good_header_accepted(void **state)
{
	struct linux_hdr h;
	assert_null(linux_check_header(setup, sizeof(setup), 40 * 512, 8 * MIB, &h));
	assert_int_equal(h.version, 0x020f);
	assert_int_equal(h.setup_size, 40 * 512);
	assert_int_equal(h.cmdline_max, 2047);
	assert_int_equal(h.hdr_end, 0x26c);
	assert_true(h.relocatable);
}

static void each_bad_field_rejected(void **state)
{
	/* Not a Linux image at all. */
	put_le16(setup + HDR_BOOT_FLAG, 0);
	assert_non_null(strstr(check(), "0xAA55"));
	make_header();
	memcpy(setup + HDR_MAGIC, "HdrX", 4);
	assert_non_null(strstr(check(), "HdrS"));
	make_header();
	put_le16(setup + HDR_VERSION, 0x020b);
	assert_non_null(strstr(check(), "2.12"));
	make_header();
	put_le16(setup + HDR_XLOADFLAGS, 0);
	assert_non_null(strstr(check(), "XLF_KERNEL_64"));
	make_header();
	setup[HDR_LOADFLAGS] = 0;
	assert_non_null(strstr(check(), "zImage"));
	make_header();
	setup[HDR_SETUP_SECTS] = 10;	/* host says 40 sectors */
	assert_non_null(strstr(check(), "setup_sects"));
	make_header();
	put_le32(setup + HDR_KERNEL_ALIGNMENT, 0x300000);
	assert_non_null(strstr(check(), "kernel_alignment"));
	make_header();
	setup[HDR_JUMP + 1] = 0xff;	/* header would extend past what was read */
	assert_non_null(strstr(check(), "out of range"));
	make_header();
	put_le32(setup + HDR_INIT_SIZE, 0x1000);
	assert_non_null(strstr(check(), "init_size"));
	/* Too short to hold a header. */
	make_header();
	struct linux_hdr h;
	assert_non_null(linux_check_header(setup, 0x200, 40 * 512, 8 * MIB, &h));
}

static void place_kernel_and_initrd(void **state)
{
	struct linux_hdr h;
	struct e820_map m;
	assert_null(linux_check_header(setup, sizeof(setup), 0, 8 * MIB, &h));
	e820_init(&m);
	e820_set(&m, 0, 0x9fc00, E820_RAM);
	e820_set(&m, 0x100000, 128 * MIB - 0x100000, E820_RAM);
	uint64_t k = linux_place_kernel(&m, &h, 8 * MIB);
	assert_int_equal(k, 0x1000000);	/* preferred address is RAM */
	uint64_t kend = k + h.init_size;
	uint64_t i = linux_place_initrd(&m, 3 * MIB, (uint64_t)h.initrd_addr_max + 1, k, kend);
	assert_true(i >= kend);
	assert_true(i + 3 * MIB <= 128 * MIB);
	assert_int_equal(i % 4096, 0);
	/* initrd_addr_max below the top of RAM: the initrd stays under it. */
	i = linux_place_initrd(&m, 3 * MIB, 100 * MIB, k, kend);
	assert_true(i + 3 * MIB <= 100 * MIB && i >= kend);
	/* No room above the kernel under the limit: goes below it. */
	i = linux_place_initrd(&m, 3 * MIB, 70 * MIB, k, kend);
	assert_true(i + 3 * MIB <= k);
	/* Does not fit anywhere. */
	assert_int_equal(linux_place_initrd(&m, 120 * MIB, 128 * MIB, k, kend), 0);
	/* Preferred address not RAM (tiny guest): no place for 64 MiB init_size. */
	e820_init(&m);
	e820_set(&m, 0x100000, 48 * MIB, E820_RAM);
	assert_int_equal(linux_place_kernel(&m, &h, 8 * MIB), 0);
	/* A hole at 16 MiB: relocated to the next aligned RAM. */
	e820_init(&m);
	e820_set(&m, 0x100000, 512 * MIB, E820_RAM);
	e820_set(&m, 16 * MIB, 4 * MIB, E820_RESERVED);
	k = linux_place_kernel(&m, &h, 8 * MIB);
	assert_int_equal(k, 20 * MIB);
}

static void boot_params_filled(void **state)
{
	struct linux_hdr h;
	struct e820_map m;
	static uint8_t bp[BP_SIZE];
	assert_null(linux_check_header(setup, sizeof(setup), 0, 8 * MIB, &h));
	e820_init(&m);
	e820_set(&m, 0, 0x9fc00, E820_RAM);
	e820_set(&m, 0x100000, 0x7ff00000, E820_RAM);
	e820_set(&m, 0x100000000ull, 0x80000000ull, E820_RAM);
	memset(bp, 0xcc, sizeof(bp));
	struct linux_load ld = { .kernel_addr = 0x1000000, .cmdline_addr = 0x91000,
		.initrd_addr = 0x7f000000, .initrd_size = 0x200000, .rsdp_addr = 0xf0000, .setup_data = 0 };
	linux_fill_boot_params(bp, setup, &h, &ld, &m);
	assert_int_equal(le32(bp + 0), 0);		/* zeroed, not copied */
	assert_int_equal(le16(bp + HDR_BOOT_FLAG), 0xaa55);
	assert_memory_equal(bp + HDR_MAGIC, "HdrS", 4);
	assert_int_equal(le32(bp + HDR_INIT_SIZE), 0x3f98000);
	assert_int_equal(bp[HDR_TYPE_OF_LOADER], 0xff);
	assert_int_equal(le32(bp + HDR_CMD_LINE_PTR), 0x91000);
	assert_int_equal(le32(bp + BP_EXT_CMD_LINE_PTR), 0);
	assert_int_equal(le32(bp + HDR_RAMDISK_IMAGE), 0x7f000000);
	assert_int_equal(le32(bp + HDR_RAMDISK_SIZE), 0x200000);
	assert_int_equal(le64(bp + BP_ACPI_RSDP_ADDR), 0xf0000);
	assert_int_equal(le64(bp + HDR_SETUP_DATA), 0);
	assert_int_equal(bp[BP_E820_ENTRIES], 3);
	assert_int_equal(le64(bp + BP_E820_TABLE + 40), 0x100000000ull);
	assert_int_equal(le64(bp + BP_E820_TABLE + 48), 0x80000000ull);
	assert_int_equal(le32(bp + BP_E820_TABLE + 56), E820_RAM);
	assert_int_equal(bp[0x26c], 0);			/* past the header: zero */
	assert_int_equal(bp[BP_SENTINEL], 0);
}

/* ---- cpio ---- */
static size_t cpio_entry(uint8_t *p, const char *name, const char *data)
{
	size_t nl = strlen(name) + 1, dl = strlen(data), off;
	off = (size_t)sprintf((char *)p, "070701%08x%08x%08x%08x%08x%08x%08zx%08x%08x%08x%08x%08zx%08x",
			      1, 0100644, 0, 0, 1, 0, dl, 0, 0, 0, 0, nl, 0);
	memcpy(p + off, name, nl);
	off = ALIGN_UP(off + nl, 4);
	memcpy(p + off, data, dl);
	return ALIGN_UP(off + dl, 4);
}

static size_t make_cpio(uint8_t *p)
{
	size_t n = 0;
	n += cpio_entry(p + n, "init", "#!/bin/sh\necho hi\n");
	n += cpio_entry(p + n, "etc/x", "12345");
	n += cpio_entry(p + n, "TRAILER!!!", "");
	return n;
}

static void cpio_complete_and_truncated(void **state)
{
	static uint8_t buf[4096];
	memset(buf, 0, sizeof(buf));
	size_t n = make_cpio(buf);
	unsigned files;
	size_t checked;
	assert_int_equal(initrd_classify(buf, n), INITRD_CPIO);
	assert_null(initrd_check_cpio(buf, n + 512, &files, &checked));	/* with zero padding */
	assert_int_equal(files, 2);
	/* Every cut before the trailer's end is detected. */
	for (size_t cut = 6; cut < n - 4; cut++)
		assert_non_null(initrd_check_cpio(buf, cut, &files, &checked));
	/* Two archives concatenated (early microcode + main). */
	size_t m = make_cpio(buf + n);
	assert_null(initrd_check_cpio(buf, n + m, &files, &checked));
	assert_int_equal(files, 4);
	/* A compressed archive after the cpio ends the walk without error. */
	memcpy(buf + n, "\x1f\x8b\x08\x00", 4);
	assert_null(initrd_check_cpio(buf, n + 64, &files, &checked));
	assert_int_equal(checked, n);
	/* Corrupt size field. */
	memset(buf, 0, sizeof(buf));
	n = make_cpio(buf);
	memcpy(buf + 54, "zzzzzzzz", 8);
	assert_non_null(strstr(initrd_check_cpio(buf, n, &files, &checked), "non-hex"));
}

static void classify_compressed(void **state)
{
	assert_int_equal(initrd_classify((const uint8_t *)"\x1f\x8b\x08", 3), INITRD_GZIP);
	assert_int_equal(initrd_classify((const uint8_t *)"\x28\xb5\x2f\xfd", 4), INITRD_ZSTD);
	assert_int_equal(initrd_classify((const uint8_t *)"\xfd" "7zXZ\0", 6), INITRD_XZ);
	assert_int_equal(initrd_classify((const uint8_t *)"hello", 5), INITRD_UNKNOWN);
	assert_int_equal(initrd_classify((const uint8_t *)"0", 1), INITRD_UNKNOWN);
	assert_string_equal(initrd_kind_name(INITRD_ZSTD), "zstd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(good_header_accepted, setup_fn),
		cmocka_unit_test_setup(each_bad_field_rejected, setup_fn),
		cmocka_unit_test_setup(place_kernel_and_initrd, setup_fn),
		cmocka_unit_test_setup(boot_params_filled, setup_fn),
		cmocka_unit_test_setup(cpio_complete_and_truncated, setup_fn),
		cmocka_unit_test_setup(classify_compressed, setup_fn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
