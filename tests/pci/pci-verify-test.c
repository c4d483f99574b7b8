/* The UEFI build's read-only PCI verifier on the simulated bus: a layout placed by another
 * firmware (here: vmfw's own allocator) verifies clean; injected faults are found. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "pci.h"
#include "pci_regs.h"
#include "pci_verify.h"
#include "test-console.h"
#include "simbus.h"

#define MiB (1ull << 20)

struct topo { int host, dev0, bridge, dev1, dev2; };

static struct simbus *build(struct topo *t)
{
	struct simbus *s = sim_new(256);
	t->host = sim_add(s, -1, 0, 0, 0x8086, 0x1237, 0x060000);
	int isa = sim_add(s, -1, 1, 0, 0x8086, 0x7000, 0x060100);	/* PIIX3: the interrupt router */
	for (int r = 0x60; r < 0x64; r++)
		s->fn[isa].wmask[r] = 0xff;
	t->dev0 = sim_add(s, -1, 2, 0, 0x1af4, 0x1000, 0x020000);
	sim_bar(s, t->dev0, 0, SIM_IO, 0x20, false);
	sim_bar(s, t->dev0, 1, SIM_MEM32, 0x1000, false);
	sim_rom(s, t->dev0, 0x40000);
	t->bridge = sim_add_bridge(s, -1, 3, 0, 0x1b36, 0x0001, 0);
	t->dev1 = sim_add(s, t->bridge, 1, 0, 0x1af4, 0x1005, 0x00ff00);
	sim_bar(s, t->dev1, 1, SIM_MEM32, 0x1000, false);
	sim_bar(s, t->dev1, 4, SIM_MEM64, 0x4000, true);
	t->dev2 = sim_add(s, t->bridge, 2, 0, 0x1af4, 0x1001, 0x010000);
	sim_bar(s, t->dev2, 1, SIM_MEM32, 0x1000, false);
	/* Placed by "the platform firmware": vmfw's allocator, then forget its tables. */
	struct pci_platform plat;
	pci_platform_init(&plat, PCI_CHIPSET_I440FX, 512 * MiB, 512 * MiB, 0, 40, 0, 0);
	assert_int_equal(pci_setup(&s->hw, &plat), 0);
	test_console_reset();
	return s;
}

static const struct pci_verify_opts sizing = { .size_bars = true };

static void clean_layout_verifies(void **state)
{
	struct topo t;
	struct simbus *s = build(&t);
	uint32_t bar1 = sim_peek(s, t.dev1, PCI_BASE_ADDRESS_1, 4);
	uint16_t cmd1 = (uint16_t)sim_peek(s, t.dev1, PCI_COMMAND, 2);
	struct pci_verify_result r;
	assert_int_equal(pci_verify(&s->ops, &sizing, &r), 0);
	assert_int_equal(r.functions, 6);
	assert_int_equal(r.bridges, 1);
	assert_int_equal(r.problems, 0);
	assert_true(r.sized);
	/* Sizing put everything back. */
	assert_int_equal(sim_peek(s, t.dev1, PCI_BASE_ADDRESS_1, 4), bar1);
	assert_int_equal(sim_peek(s, t.dev1, PCI_COMMAND, 2), cmd1);
	unsigned n;
	const struct pci_dev *d = pci_verify_devices(&n);
	assert_int_equal(n, 6);
	for (unsigned i = 0; i < n; i++)
		if (d[i].bdf == PCI_BDF(1, 1, 0))
			assert_int_equal(d[i].bar[4].size, 0x4000);
	pci_verify_report(&r);
	assert_non_null(strstr(test_inv_text(), "\"type\":\"pci-verify\""));
	assert_non_null(strstr(test_inv_text(), "\"bdf\":\"01:01.0\""));
	sim_free(s);
}

static void read_only_mode_writes_nothing(void **state)
{
	struct topo t;
	struct simbus *s = build(&t);
	const struct pci_verify_opts ro = { .size_bars = false };
	struct pci_verify_result r;
	sim_reset_counters(s);
	pci_verify(&s->ops, &ro, &r);
	assert_int_equal(s->writes, 0);
	assert_false(r.sized);
	assert_int_equal(r.functions, 6);
	sim_free(s);
}

static void overlap_and_outside_window_found(void **state)
{
	struct topo t;
	struct simbus *s = build(&t);
	/* dev2's BAR1 moved onto dev1's BAR1: an overlap. */
	sim_poke(s, t.dev2, PCI_BASE_ADDRESS_1, 4, sim_peek(s, t.dev1, PCI_BASE_ADDRESS_1, 4));
	/* dev0's memory BAR moved into the bridge's window region is fine for bus 0, but dev1's
	 * 64-bit BAR moved far outside the bridge's windows is not. */
	sim_poke(s, t.dev1, PCI_BASE_ADDRESS_4, 4, 0xf0000000u | 0xc);
	struct pci_verify_result r;
	int p = pci_verify(&s->ops, &sizing, &r);
	assert_true(p >= 2);
	assert_true(r.overlaps >= 1);
	assert_true(r.outside_window >= 1);
	assert_true(test_log_contains("ERROR"));
	sim_free(s);
}

static void stale_rom_cleared(void **state)
{
	struct topo t;
	struct simbus *s = build(&t);
	/* A disabled ROM register holding its own size mask, as OVMF leaves it. */
	sim_poke(s, t.dev0, PCI_ROM_ADDRESS, 4, 0xfffc0000u);
	struct pci_verify_opts o = sizing;
	o.clear_stale_rom = true;
	struct pci_verify_result r;
	assert_int_equal(pci_verify(&s->ops, &o, &r), 0);
	assert_int_equal(r.stale_roms, 1);
	assert_int_equal(sim_peek(s, t.dev0, PCI_ROM_ADDRESS, 4), 0);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_layout_verifies),
		cmocka_unit_test(read_only_mode_writes_nothing),
		cmocka_unit_test(overlap_and_outside_window_found),
		cmocka_unit_test(stale_rom_cleared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
