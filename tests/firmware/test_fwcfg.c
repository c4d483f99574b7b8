/* fw_cfg driver against a simulated device speaking the port and DMA protocols. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fwcfg.h"
#include "util.h"
#include "test-console.h"

/* ---- the simulated device ---- */
#define MAX_ITEMS 300
static struct item { uint16_t key; uint8_t *data; uint32_t len; } items[MAX_ITEMS];
static unsigned nitems;
static uint8_t dir_blob[4 + 64 * 260];
static struct { uint16_t sel; uint32_t off; uint32_t dma_hi; unsigned dma_ops; unsigned port_reads;
		bool dma_fails; bool present; uint32_t features; } dev;

static struct item *find_item(uint16_t key)
{
	for (unsigned i = 0; i < nitems; i++)
		if (items[i].key == key)
			return &items[i];
	return NULL;
}

static void add_item(uint16_t key, const void *data, uint32_t len)
{
	items[nitems].key = key;
	static uint8_t pool[64 * 1024];
	static size_t used;
	if (nitems == 0)
		used = 0;
	items[nitems].data = pool + used;
	used += len;
	memcpy(items[nitems].data, data, len);
	items[nitems].len = len;
	nitems++;
}

static uint8_t next_byte(void)
{
	struct item *it = find_item(dev.sel);
	uint8_t v = it && dev.off < it->len ? it->data[dev.off] : 0;
	dev.off++;
	return v;
}

static uint8_t sim_in8(void *c, uint16_t port)
{
	if (port == FW_CFG_PORT_DATA && dev.present) {
		dev.port_reads++;
		return next_byte();
	}
	return 0xff;
}
static uint16_t sim_in16(void *c, uint16_t port) { return 0xffff; }
static uint32_t sim_in32(void *c, uint16_t port) { return ~0u; }
static void sim_out8(void *c, uint16_t port, uint8_t v) {}
static void sim_out16(void *c, uint16_t port, uint16_t v)
{
	if (port == FW_CFG_PORT_SEL) {
		dev.sel = v;
		dev.off = 0;
	}
}
static void sim_out32(void *c, uint16_t port, uint32_t v)
{
	if (port == FW_CFG_PORT_DMA) {
		dev.dma_hi = __builtin_bswap32(v);
		return;
	}
	if (port != FW_CFG_PORT_DMA + 4 || !(dev.features & FW_CFG_VERSION_DMA))
		return;
	/* The descriptor address is a host pointer in this simulation. */
	uint8_t *d = (uint8_t *)(uintptr_t)((uint64_t)dev.dma_hi << 32 | __builtin_bswap32(v));
	uint32_t ctl = be32(d), len = be32(d + 4);
	uint8_t *dst = (uint8_t *)(uintptr_t)be64(d + 8);
	dev.dma_ops++;
	if (dev.dma_fails) {
		put_be32(d, FW_CFG_DMA_CTL_ERROR);
		return;
	}
	if (ctl & FW_CFG_DMA_CTL_SELECT) {
		dev.sel = (uint16_t)(ctl >> 16);
		dev.off = 0;
	}
	if (ctl & FW_CFG_DMA_CTL_READ)
		for (uint32_t i = 0; i < len; i++)
			dst[i] = next_byte();
	put_be32(d, 0);
}
static const struct pio_ops sim_pio = { NULL, sim_in8, sim_in16, sim_in32, sim_out8, sim_out16, sim_out32 };

static void add_file(const char *name, const void *data, uint32_t len)
{
	uint32_t count = be32(dir_blob);
	uint8_t *e = dir_blob + 4 + 64 * count;
	uint16_t key = (uint16_t)(0x20 + count);
	put_be32(e, len);
	e[4] = (uint8_t)(key >> 8);
	e[5] = (uint8_t)key;
	strncpy((char *)e + 8, name, 56);
	put_be32(dir_blob, count + 1);
	add_item(key, data, len);
}

static void finish_device(void)
{
	uint32_t count = be32(dir_blob);
	add_item(FW_CFG_SIGNATURE, "QEMU", 4);
	uint8_t f[4];
	put_le32(f, dev.features);
	add_item(FW_CFG_ID, f, 4);
	add_item(FW_CFG_FILE_DIR, dir_blob, 4 + 64 * count);
}

static int setup(void **state)
{
	memset(&dev, 0, sizeof(dev));
	memset(dir_blob, 0, sizeof(dir_blob));
	nitems = 0;
	dev.present = true;
	dev.features = 0x3;
	test_console_reset();
	return 0;
}

static int teardown(void **state)
{
	return 0;
}

/* ---- tests ---- */
static void no_device(void **state)
{
	dev.present = false;
	assert_false(fwcfg_init(&sim_pio));
	assert_false(fwcfg_present());
	assert_null(fwcfg_find("etc/e820"));
	assert_true(test_log_contains("no device"));
}

static void directory_and_dma(void **state)
{
	add_file("etc/e820", "0123456789abcdefghij", 20);
	add_file("opt/vmfw/strict", "1\n", 2);
	finish_device();
	assert_true(fwcfg_init(&sim_pio));
	assert_true(fwcfg_has_dma());
	assert_int_equal(fwcfg_file_count(), 2);
	const struct fwcfg_file *f = fwcfg_find("etc/e820");
	assert_non_null(f);
	assert_int_equal(f->size, 20);
	assert_int_equal(f->select, 0x20);
	char buf[32] = { 0 };
	unsigned reads = dev.port_reads;
	assert_int_equal(fwcfg_read_file("etc/e820", buf, sizeof(buf)), 20);
	assert_memory_equal(buf, "0123456789abcdefghij", 20);
	assert_int_equal(dev.port_reads, reads);	/* the read went over DMA */
	assert_true(fwcfg_read_string("opt/vmfw/strict", buf, sizeof(buf)));
	assert_string_equal(buf, "1");
	assert_int_equal(fwcfg_read_file("etc/none", buf, sizeof(buf)), -1);
}

static void port_interface_without_dma(void **state)
{
	dev.features = 0x1;
	add_file("etc/x", "port-data", 9);
	finish_device();
	assert_true(fwcfg_init(&sim_pio));
	assert_false(fwcfg_has_dma());
	char buf[16] = { 0 };
	assert_int_equal(fwcfg_read_file("etc/x", buf, sizeof(buf)), 9);
	assert_string_equal(buf, "port-data");
	assert_int_equal(dev.dma_ops, 0);
}

static void read_bounded_by_caller_buffer(void **state)
{
	uint8_t big[100];
	memset(big, 'A', sizeof(big));
	add_file("etc/big", big, sizeof(big));
	finish_device();
	assert_true(fwcfg_init(&sim_pio));
	uint8_t buf[48];
	memset(buf, 0x5a, sizeof(buf));
	/* The file is 100 bytes; only 40 may be written. */
	assert_int_equal(fwcfg_read_file("etc/big", buf, 40), 100);
	for (int i = 0; i < 40; i++)
		assert_int_equal(buf[i], 'A');
	for (int i = 40; i < 48; i++)
		assert_int_equal(buf[i], 0x5a);
	assert_true(test_log_contains("etc/big is 100 bytes; read only the first 40"));
}

static void string_truncated_and_terminated(void **state)
{
	add_file("opt/vmfw/machine-type", "pc-q35-7.2-and-a-lot-more-text", 30);
	finish_device();
	assert_true(fwcfg_init(&sim_pio));
	char buf[8];
	assert_true(fwcfg_read_string("opt/vmfw/machine-type", buf, sizeof(buf)));
	assert_string_equal(buf, "pc-q35-");
	assert_true(test_log_contains("read only the first 7"));
}

static void dma_error_falls_back_to_ports(void **state)
{
	add_file("etc/y", "abc", 3);
	finish_device();
	dev.dma_fails = true;
	/* The signature is read through ports; the feature word and directory through DMA fails. */
	fwcfg_init(&sim_pio);
	assert_true(test_log_contains("DMA error"));
	assert_false(fwcfg_has_dma());
	dev.dma_fails = false;
	char buf[4] = { 0 };
	fwcfg_hide("nothing");	/* unrelated hide does not disturb lookups */
	assert_non_null(fwcfg_find("etc/y"));
	assert_int_equal(fwcfg_read_file("etc/y", buf, 3), 3);
	assert_memory_equal(buf, "abc", 3);
}

static void too_many_files_and_bad_names(void **state)
{
	char name[64];
	for (int i = 0; i < FWCFG_MAX_FILES + 10; i++) {
		snprintf(name, sizeof(name), "opt/file%03d", i);
		add_file(name, "x", 1);
	}
	finish_device();
	/* An unterminated 56-byte name in entry 0. */
	memset(items[nitems - 1].data + 4 + 8, 'n', 56);
	assert_true(fwcfg_init(&sim_pio));
	assert_int_equal(fwcfg_file_count(), FWCFG_MAX_FILES);
	assert_true(test_log_contains("only the first 128 are used"));
	assert_true(test_log_contains("not terminated"));
	assert_int_equal(strlen(fwcfg_file_at(0)->name), 55);
	assert_non_null(fwcfg_find("opt/file127"));
	assert_null(fwcfg_find("opt/file128"));
}

static void hidden_file_is_absent(void **state)
{
	add_file("etc/e820", "01234567890123456789", 20);
	finish_device();
	assert_true(fwcfg_init(&sim_pio));
	fwcfg_hide("etc/e820");
	assert_null(fwcfg_find("etc/e820"));
	char buf[20];
	assert_int_equal(fwcfg_read_file("etc/e820", buf, sizeof(buf)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(no_device, setup, teardown),
		cmocka_unit_test_setup_teardown(directory_and_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(port_interface_without_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(read_bounded_by_caller_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(string_truncated_and_terminated, setup, teardown),
		cmocka_unit_test_setup_teardown(dma_error_falls_back_to_ports, setup, teardown),
		cmocka_unit_test_setup_teardown(too_many_files_and_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(hidden_file_is_absent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
