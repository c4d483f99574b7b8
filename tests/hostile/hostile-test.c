/*
 * Hostile devices on the simulated bus (tests/pci/simbus.c), through the whole PCI flow
 * (pci_setup) and the MSI-X probe. Misbehaviour that simbus cannot express (answers that
 * change between reads, a device that ignores the function number) comes from a wrapper
 * around the simulated config ops. Each test asserts that the problem is logged, that the
 * run ends within a bounded number of config accesses (no hang), and that the hardware as
 * simulated decodes no overlapping or misaligned range (tests/fuzz/pci-check.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "pci.h"			/* pci_setup, pci_devices, pci_find */
#include "pci_regs.h"			/* PCI_* */
#include "msix.h"			/* msix_probe */
#include "test-console.h"		/* test_log_contains */
#include "../pci/simbus.h"		/* sim_* */
#include "../fuzz/pci-check.h"		/* pci_check_bus */

#define MiB (1ull << 20)
#define MAX_ACCESSES 200000u

static struct pci_platform plat;

static int setup(void **state)
{
	test_console_reset();
	pci_platform_init(&plat, PCI_CHIPSET_I440FX, 512 * MiB, 512 * MiB, 0, 40, 0, 0);
	return 0;
}

static struct simbus *pc_bus(void)
{
	struct simbus *s = sim_new(256);
	sim_add(s, -1, 0, 0, 0x8086, 0x1237, 0x060000);
	int isa = sim_add(s, -1, 1, 0, 0x8086, 0x7000, 0x060100);
	sim_set_multifunction(s, isa);
	for (int r = 0x60; r < 0x64; r++)
		s->fn[isa].wmask[r] = 0xff;
	return s;
}

static int add_virtio(struct simbus *s, int parent, unsigned dev)
{
	int i = sim_add(s, parent, dev, 0, 0x1af4, 0x1000, 0x020000);
	sim_bar(s, i, 0, SIM_IO, 0x40, false);
	sim_bar(s, i, 1, SIM_MEM32, 0x1000, false);
	sim_bar(s, i, 4, SIM_MEM64, 0x4000, true);
	return i;
}

static void check(struct simbus *s, const struct pci_cfg_ops *view)
{
	const char *why = pci_check_bus(s, &plat, view, NULL);
	if (why)
		fail_msg("%s\n%s", why, test_log_text());
	if (s->reads + s->writes > MAX_ACCESSES)
		fail_msg("%u config accesses: not bounded", s->reads + s->writes);
}

static uint16_t cmd_of(struct simbus *s, int idx)
{
	return (uint16_t)sim_peek(s, idx, PCI_COMMAND, 2);
}

/* ---- a wrapper around the simulated config ops ---- */
static struct {
	struct simbus *s;
	struct pci_cfg_ops ops;
	uint16_t flaky_bdf;		/* BAR0 of this function answers a different size each probe */
	unsigned flaky_probes;
	const uint32_t *lies;		/* what BAR0 reads after all-ones is written, in turn */
	unsigned nlies;
	bool ones_written;
	int alias_bus, alias_dev;	/* this slot answers every function number as function 0 */
} w;

static uint16_t wbdf(uint16_t bdf)
{
	if ((int)PCI_BUS(bdf) == w.alias_bus && (int)PCI_SLOT(bdf) == w.alias_dev)
		return PCI_BDF(PCI_BUS(bdf), PCI_SLOT(bdf), 0);
	return bdf;
}

static uint32_t w_r32(void *c, uint16_t bdf, uint16_t off)
{
	uint32_t v = w.s->ops.read32(w.s, wbdf(bdf), off);
	if (bdf == w.flaky_bdf && off == PCI_BASE_ADDRESS_0 && w.ones_written && w.nlies) {
		v = w.lies[w.flaky_probes++ % w.nlies];
		w.ones_written = false;
	}
	return v;
}
static uint16_t w_r16(void *c, uint16_t bdf, uint16_t off) { return w.s->ops.read16(w.s, wbdf(bdf), off); }
static uint8_t w_r8(void *c, uint16_t bdf, uint16_t off) { return w.s->ops.read8(w.s, wbdf(bdf), off); }
static void w_w32(void *c, uint16_t bdf, uint16_t off, uint32_t v)
{
	if (bdf == w.flaky_bdf && off == PCI_BASE_ADDRESS_0)
		w.ones_written = v == 0xffffffffu;
	w.s->ops.write32(w.s, wbdf(bdf), off, v);
}
static void w_w16(void *c, uint16_t bdf, uint16_t off, uint16_t v) { w.s->ops.write16(w.s, wbdf(bdf), off, v); }
static void w_w8(void *c, uint16_t bdf, uint16_t off, uint8_t v) { w.s->ops.write8(w.s, wbdf(bdf), off, v); }

static struct hw wrap(struct simbus *s)
{
	memset(&w, 0, sizeof(w));
	w.s = s;
	w.flaky_bdf = 0xffff;
	w.alias_bus = w.alias_dev = -1;
	w.ops = (struct pci_cfg_ops){ NULL, w_r8, w_r16, w_r32, w_w8, w_w16, w_w32, s->ops.cfg_size };
	return (struct hw){ &w.ops, NULL, &s->pio };
}

/* ---- tests ---- */

/* BAR0 answers a different mask on every probe: garbage, then larger than the truth. */
static void test_bar_answers_differently(void **state)
{
	static const uint32_t lies[] = { 0xf0f0f000u, 0xffff0000u };
	struct simbus *s = pc_bus();
	int dev = sim_add(s, -1, 3, 0, 0x1234, 0x0bad, 0xff0000);
	sim_bar(s, dev, 0, SIM_MEM32, 0x1000, false);	/* the truth: 4 KiB */
	int good = add_virtio(s, -1, 4);
	struct hw hw = wrap(s);
	w.flaky_bdf = PCI_BDF(0, 3, 0);
	w.lies = lies;
	w.nlies = 2;

	/* First boot: the garbage answer. Sized as nonsense, memory decoding left off. */
	int r = pci_setup(&hw, &plat);
	assert_true(r < 0);
	assert_true(test_log_contains("00:03.0 BAR0: sizing nonsense"));
	assert_int_equal(cmd_of(s, dev) & PCI_COMMAND_MEMORY, 0);
	assert_true(cmd_of(s, good) & PCI_COMMAND_MEMORY);
	check(s, &s->ops);

	/* Second probe answers 64 KiB: over-allocated, still no overlap with the 4 KiB truth. */
	test_console_reset();
	pci_setup(&hw, &plat);
	assert_int_equal(w.flaky_probes, 2);
	const struct pci_dev *d = &pci_devices(NULL)[pci_find(PCI_BDF(0, 3, 0))];
	assert_int_equal(d->bar[0].size, 0x10000);
	assert_true(d->bar[0].assigned);
	check(s, &s->ops);
	sim_free(s);
}

/* A 64-bit memory BAR in BAR5: its upper half would be the CardBus CIS pointer. */
static void test_64bit_bar_in_last_slot(void **state)
{
	struct simbus *s = pc_bus();
	int dev = sim_add(s, -1, 3, 0, 0x1234, 0x0bad, 0xff0000);
	sim_bar(s, dev, 0, SIM_IO, 0x20, false);
	sim_bar_raw(s, dev, 5, PCI_BASE_ADDRESS_MEM_TYPE_64, 0xfff00000u);
	int good = add_virtio(s, -1, 4);

	assert_true(pci_setup(&s->hw, &plat) < 0);
	assert_true(test_log_contains("00:03.0 BAR5: sizing nonsense (64-bit BAR in the last slot"));
	assert_int_equal(cmd_of(s, dev) & PCI_COMMAND_MEMORY, 0);
	assert_true(cmd_of(s, dev) & PCI_COMMAND_IO);	/* its I/O BAR still works */
	assert_true(cmd_of(s, good) & PCI_COMMAND_MEMORY);
	check(s, &s->ops);
	sim_free(s);
}

/* Bridges with bogus bus numbers: stale ones, hardwired pointing back up, hardwired forwarding. */
static void test_bridge_bogus_bus_numbers(void **state)
{
	struct simbus *s = pc_bus();
	/* 00:05.0 is numbered first; 00:06.0 still claims buses 1-9 from "a previous boot". */
	int b1 = sim_add_bridge(s, -1, 5, 0, 0x1b36, 0x0001, 0);
	int d1 = add_virtio(s, b1, 0);
	int b2 = sim_add_bridge(s, -1, 6, 0, 0x1b36, 0x0001, 0);
	sim_poke(s, b2, PCI_PRIMARY_BUS, 4, 0x090100);
	int d2 = add_virtio(s, b2, 1);
	/* 00:07.0: hardwired secondary 0 ("points back up"). */
	int b3 = sim_add_bridge(s, -1, 7, 0, 0x1b36, 0x0001, 0);
	memset(&s->fn[b3].wmask[PCI_PRIMARY_BUS], 0, 3);
	add_virtio(s, b3, 0);
	/* 00:08.0: hardwired to forward bus 3 whatever is written. */
	int b4 = sim_add_bridge(s, -1, 8, 0, 0x1b36, 0x0001, 0);
	sim_poke(s, b4, PCI_PRIMARY_BUS, 4, 0x030300);
	memset(&s->fn[b4].wmask[PCI_PRIMARY_BUS], 0, 3);
	int b5 = sim_add_bridge(s, -1, 9, 0, 0x1b36, 0x0001, 0);
	int d5 = add_virtio(s, b5, 2);

	assert_true(pci_setup(&s->hw, &plat) < 0);
	/* The stale range did not capture bus 1: each device sits behind its own bridge once. */
	assert_int_equal(sim_bus_of(s, d1), s->fn[b1].cfg[PCI_SECONDARY_BUS]);
	assert_int_equal(sim_bus_of(s, d2), s->fn[b2].cfg[PCI_SECONDARY_BUS]);
	assert_true(pci_find(PCI_BDF(sim_bus_of(s, d1), 0, 0)) >= 0);
	assert_true(pci_find(PCI_BDF(sim_bus_of(s, d2), 1, 0)) >= 0);
	assert_true(test_log_contains("00:07.0: bridge bus numbers read back"));
	assert_true(test_log_contains("00:08.0: bridge keeps forwarding buses 3-3"));
	/* Nobody else got bus 3; the bridge after it got a later one and its device works. */
	assert_true(s->fn[b5].cfg[PCI_SECONDARY_BUS] > 3);
	assert_true(cmd_of(s, d5) & PCI_COMMAND_MEMORY);
	assert_int_equal(cmd_of(s, b3) & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY), 0);
	check(s, &s->ops);
	sim_free(s);
}

/* A device that decodes every function number as its function 0. */
static void test_device_on_every_function(void **state)
{
	/* Header says single-function: vmfw must look at function 0 only. */
	struct simbus *s = pc_bus();
	add_virtio(s, -1, 3);
	struct hw hw = wrap(s);
	w.alias_bus = 0;
	w.alias_dev = 3;
	assert_int_equal(pci_setup(&hw, &plat), 0);
	unsigned n;
	pci_devices(&n);
	for (unsigned fn = 1; fn < 8; fn++)
		assert_true(pci_find(PCI_BDF(0, 3, fn)) < 0);
	check(s, &w.ops);
	sim_free(s);

	/* Header says multi-function: eight copies appear. vmfw cannot tell them apart (it logs
	 * nothing); what matters is that the last programming wins without an overlap. */
	s = pc_bus();
	int dev = add_virtio(s, -1, 3);
	sim_set_multifunction(s, dev);
	add_virtio(s, -1, 4);
	hw = wrap(s);
	w.alias_bus = 0;
	w.alias_dev = 3;
	pci_setup(&hw, &plat);
	for (unsigned fn = 0; fn < 8; fn++)
		assert_true(pci_find(PCI_BDF(0, 3, fn)) >= 0);
	check(s, NULL);	/* the table cannot match one set of registers shared by eight entries */
	sim_free(s);
}

/* MSI-X table larger than the BAR that holds it. */
static void test_msix_table_larger_than_bar(void **state)
{
	struct simbus *s = pc_bus();
	int dev = sim_add(s, -1, 3, 0, 0x1af4, 0x1041, 0x020000);
	sim_bar(s, dev, 1, SIM_MEM32, 0x1000, false);	/* 4 KiB BAR1 */
	uint8_t cap = sim_cap(s, dev, PCI_CAP_ID_MSIX, 12);
	sim_poke(s, dev, (uint16_t)(cap + PCI_MSIX_FLAGS), 2, 511);	/* 512 entries = 8 KiB */
	sim_poke(s, dev, (uint16_t)(cap + PCI_MSIX_TABLE), 4, 0x0 | 1);
	sim_poke(s, dev, (uint16_t)(cap + PCI_MSIX_PBA), 4, 0x800 | 1);

	assert_int_equal(pci_setup(&s->hw, &plat), 0);
	check(s, &s->ops);
	const struct pci_dev *d = &pci_devices(NULL)[pci_find(PCI_BDF(0, 3, 0))];
	struct pci_bar_res bars[PCI_BAR_RES_COUNT];
	for (unsigned i = 0; i < PCI_BAR_RES_COUNT; i++) {
		bars[i].base = d->bar[i].addr;
		bars[i].size = d->bar[i].size;
		bars[i].is_mem = d->bar[i].kind == PCI_BAR_MEM32 || d->bar[i].kind == PCI_BAR_MEM64;
		bars[i].assigned = d->bar[i].assigned;
	}
	assert_true(bars[1].assigned);
	struct msix_dev m;
	test_console_reset();
	assert_int_not_equal(msix_probe(&s->ops, d->bdf, cap, bars, &m), 0);
	assert_true(test_log_contains("00:03.0"));
	/* The same table in an 8 KiB BAR is accepted: the refusal was about the size. */
	sim_free(s);
	s = pc_bus();
	dev = sim_add(s, -1, 3, 0, 0x1af4, 0x1041, 0x020000);
	sim_bar(s, dev, 1, SIM_MEM32, 0x4000, false);
	cap = sim_cap(s, dev, PCI_CAP_ID_MSIX, 12);
	sim_poke(s, dev, (uint16_t)(cap + PCI_MSIX_FLAGS), 2, 511);
	sim_poke(s, dev, (uint16_t)(cap + PCI_MSIX_TABLE), 4, 0x0 | 1);
	sim_poke(s, dev, (uint16_t)(cap + PCI_MSIX_PBA), 4, 0x2000 | 1);
	assert_int_equal(pci_setup(&s->hw, &plat), 0);
	d = &pci_devices(NULL)[pci_find(PCI_BDF(0, 3, 0))];
	bars[1].base = d->bar[1].addr;
	bars[1].size = d->bar[1].size;
	bars[1].assigned = d->bar[1].assigned;
	assert_int_equal(msix_probe(&s->ops, d->bdf, cap, bars, &m), 0);
	assert_int_equal(m.table_size, 512);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bar_answers_differently, setup),
		cmocka_unit_test_setup(test_64bit_bar_in_last_slot, setup),
		cmocka_unit_test_setup(test_bridge_bogus_bus_numbers, setup),
		cmocka_unit_test_setup(test_device_on_every_function, setup),
		cmocka_unit_test_setup(test_msix_table_larger_than_bar, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
