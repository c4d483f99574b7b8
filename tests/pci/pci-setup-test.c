/*
 * Unit tests for pci/pci_enum.c, pci_alloc.c, pci_chipset.c, pci_setup.c on the simulated bus.
 * The checker below decodes BARs, windows, bus numbers and command bits straight from the
 * simulated config space (and sizes from the simulated write masks), independently of
 * vmfw's own table, and asserts: natural alignment, no two decoding ranges of one bus
 * overlap, every range inside its bridge's window and the platform windows, bus ranges
 * nested and disjoint.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pci.h"
#include "pci_regs.h"
#include "inventory.h"
#include "test-console.h"
#include "simbus.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)

static struct pci_platform plat_pc, plat_q35;

static int setup(void **state)
{
	test_console_reset();
	/* 512 MiB guests, TCG phys-bits 40, q35 ECAM at 0xb0000000. */
	pci_platform_init(&plat_pc, PCI_CHIPSET_I440FX, 512 * MiB, 512 * MiB, 0, 40, 0, 0);
	pci_platform_init(&plat_q35, PCI_CHIPSET_Q35, 512 * MiB, 512 * MiB, 0, 40, 0xb0000000ull,
			  256 * MiB);
	return 0;
}

/* ---------------- independent checker ---------------- */

struct rng {
	uint64_t lo, hi;	/* [lo, hi) */
	int fn;
	int kind;		/* 0 io, 1 mem (BAR), 2 window io, 3 window mem, 4 window pref */
};

/* Size from the simulated write mask (not from anything vmfw computed). */
static uint64_t mask_size(const struct simbus *s, int i, uint16_t off, bool io, bool is64)
{
	uint64_t m = 0;
	for (int k = 0; k < (is64 ? 8 : 4); k++)
		m |= (uint64_t)s->fn[i].wmask[off + k] << (8 * k);
	m &= io ? ~3ull : ~0xfull;
	if (!is64)
		m &= 0xffffffffull;
	if (io && !(m & 0xffff0000ull))
		m &= 0xffff;
	return m ? (m & (~m + 1)) : 0;
}

static bool contiguous_mask(uint64_t m, uint64_t field)
{
	uint64_t low = m & (~m + 1);
	return m && m == (field & ~(low - 1));
}

/* Bridge windows decoded from the config registers; size 0 if closed. */
static void bridge_windows(const struct simbus *s, int b, struct rng w[3])
{
	uint32_t iob = sim_peek(s, b, PCI_IO_BASE, 1), iol = sim_peek(s, b, PCI_IO_LIMIT, 1);
	uint64_t base = (uint64_t)(iob & 0xf0) << 8, lim = ((uint64_t)(iol & 0xf0) << 8) | 0xfff;
	if ((iob & 0xf) == 1) {
		base |= (uint64_t)sim_peek(s, b, PCI_IO_BASE_UPPER16, 2) << 16;
		lim |= (uint64_t)sim_peek(s, b, PCI_IO_LIMIT_UPPER16, 2) << 16;
	}
	w[0] = (struct rng){ base, lim >= base && s->fn[b].wmask[PCI_IO_BASE] ? lim + 1 : base, b, 2 };
	base = (uint64_t)(sim_peek(s, b, PCI_MEMORY_BASE, 2) & 0xfff0) << 16;
	lim = ((uint64_t)(sim_peek(s, b, PCI_MEMORY_LIMIT, 2) & 0xfff0) << 16) | 0xfffff;
	w[1] = (struct rng){ base, lim >= base ? lim + 1 : base, b, 3 };
	uint32_t pb = sim_peek(s, b, PCI_PREF_MEMORY_BASE, 2), pl = sim_peek(s, b, PCI_PREF_MEMORY_LIMIT, 2);
	base = (uint64_t)(pb & 0xfff0) << 16;
	lim = ((uint64_t)(pl & 0xfff0) << 16) | 0xfffff;
	if ((pb & 0xf) == 1) {
		base |= (uint64_t)sim_peek(s, b, PCI_PREF_BASE_UPPER32, 4) << 32;
		lim |= (uint64_t)sim_peek(s, b, PCI_PREF_LIMIT_UPPER32, 4) << 32;
	}
	w[2] = (struct rng){ base, lim >= base && s->fn[b].wmask[PCI_PREF_MEMORY_BASE] ? lim + 1 : base, b, 4 };
}

/* Decoding BAR ranges of function i (only spaces enabled in its command register). */
static int fn_ranges(const struct simbus *s, int i, struct rng *out)
{
	int n = 0, nbars = s->fn[i].bridge ? 2 : 6;
	uint16_t cmd = (uint16_t)sim_peek(s, i, PCI_COMMAND, 2);
	for (int b = 0; b < nbars; b++) {
		uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b);
		uint32_t v = sim_peek(s, i, off, 4);
		bool io = v & 1, is64 = !io && (v & 6) == 4;
		uint32_t wm = sim_peek(s, i, off, 4) | 0;
		(void)wm;
		uint64_t m = 0;
		for (int k = 0; k < (is64 ? 8 : 4); k++)
			m |= (uint64_t)s->fn[i].wmask[off + k] << (8 * k);
		uint64_t size = mask_size(s, i, off, io, is64);
		uint64_t field = io ? (m & 0xffff0000ull ? 0xfffffffcull : 0xfffcull) : is64 ? ~0xfull : 0xfffffff0ull;
		bool sane = size && contiguous_mask(m & field, field) && !(s->fn[i].wmask[off] & (io ? 3 : 0xf));
		if (sane && ((io && (cmd & PCI_COMMAND_IO)) || (!io && (cmd & PCI_COMMAND_MEMORY)))) {
			uint64_t a = v & (io ? ~3u : ~0xfu);
			if (is64)
				a |= (uint64_t)sim_peek(s, i, (uint16_t)(off + 4), 4) << 32;
			out[n++] = (struct rng){ a, a + size, i, io ? 0 : 1 };
		}
		if (is64)
			b++;
	}
	/* An assigned ROM (non-zero address) must not overlap either, enabled or not. */
	uint16_t roff = s->fn[i].bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
	uint32_t rom = sim_peek(s, i, roff, 4) & 0xfffff800u;
	uint32_t rm = (uint32_t)(s->fn[i].wmask[roff] | s->fn[i].wmask[roff + 1] << 8 |
				 s->fn[i].wmask[roff + 2] << 16 | (uint32_t)s->fn[i].wmask[roff + 3] << 24) & 0xfffff800u;
	if (rom && rm)
		out[n++] = (struct rng){ rom, (uint64_t)rom + (rm & (~rm + 1)), i, 1 };
	return n;
}

static bool inside(const struct rng *r, uint64_t lo, uint64_t hi)
{
	return r->lo >= lo && r->hi <= hi;
}

static bool overlap(const struct rng *a, const struct rng *b)
{
	return a->lo < b->hi && b->lo < a->hi;
}

static bool same_space(const struct rng *a, const struct rng *b)
{
	bool aio = a->kind == 0 || a->kind == 2, bio = b->kind == 0 || b->kind == 2;
	return aio == bio;
}

/*
 * Checks the whole simulated hierarchy; returns the number of decoding BAR ranges seen.
 * require_all: every sane BAR of every reachable function must be decoding.
 */
static unsigned check_hierarchy(const struct simbus *s, const struct pci_platform *p, bool require_all)
{
	static struct rng r[4096];
	unsigned bars = 0;

	for (int owner = -1; owner < (int)s->n; owner++) {
		if (owner >= 0 && (!s->fn[owner].bridge || sim_bus_of(s, owner) < 0))
			continue;
		struct rng win[3];
		uint16_t ocmd = 0;
		if (owner >= 0) {
			bridge_windows(s, owner, win);
			ocmd = (uint16_t)sim_peek(s, owner, PCI_COMMAND, 2);
			/* Bus range of a bridge: nested in its parent's, never 0. */
			unsigned sec = s->fn[owner].cfg[PCI_SECONDARY_BUS], sub = s->fn[owner].cfg[PCI_SUBORDINATE_BUS];
			unsigned pri = s->fn[owner].cfg[PCI_PRIMARY_BUS];
			if (sec) {
				assert_true(sub >= sec);
				assert_int_equal(pri, (unsigned)sim_bus_of(s, owner));
				assert_true(sec > pri);
				int pp = s->fn[owner].parent;
				if (pp >= 0) {
					assert_true(sec > s->fn[pp].cfg[PCI_SECONDARY_BUS]);
					assert_true(sub <= s->fn[pp].cfg[PCI_SUBORDINATE_BUS]);
				}
			}
		}
		unsigned n = 0;
		for (unsigned i = 0; i < s->n; i++) {
			if (s->fn[i].parent != owner || sim_bus_of(s, (int)i) < 0)
				continue;
			unsigned before = n;
			n += (unsigned)fn_ranges(s, (int)i, &r[n]);
			for (unsigned k = before; k < n; k++) {
				if (r[k].lo % (r[k].hi - r[k].lo))
					fail_msg("fn %u: range 0x%llx+0x%llx not naturally aligned", i,
						 (unsigned long long)r[k].lo, (unsigned long long)(r[k].hi - r[k].lo));
			}
			bars += n - before;
			if (require_all) {
				int nb = s->fn[i].bridge ? 2 : 6, want = 0;
				for (int b = 0; b < nb; b++) {
					uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b);
					uint32_t v = sim_peek(s, (int)i, off, 4);
					bool io = v & 1, is64 = !io && (v & 6) == 4;
					if (mask_size(s, (int)i, off, io, is64))
						want++;
					if (is64)
						b++;
				}
				unsigned got = 0;
				for (unsigned k = before; k < n; k++)
					got += r[k].kind <= 1;
				uint16_t roff = s->fn[i].bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
				bool has_rom = (sim_peek(s, (int)i, roff, 4) & 0xfffff800u) != 0;
				if (got < (unsigned)want + (has_rom ? 1 : 0) ||
				    (s->fn[i].wmask[roff + 1] && !has_rom))
					fail_msg("fn %u (%04x:%04x): %u of %d BARs decoding (rom %d)", i,
						 sim_peek(s, (int)i, 0, 2), sim_peek(s, (int)i, 2, 2), got, want, has_rom);
			}
			if (s->fn[i].bridge && s->fn[i].cfg[PCI_SECONDARY_BUS] && sim_bus_of(s, (int)i) >= 0) {
				struct rng cw[3];
				bridge_windows(s, (int)i, cw);
				uint16_t ccmd = (uint16_t)sim_peek(s, (int)i, PCI_COMMAND, 2);
				for (int w = 0; w < 3; w++) {
					bool on = w == 0 ? (ccmd & PCI_COMMAND_IO) : (ccmd & PCI_COMMAND_MEMORY);
					if (cw[w].hi > cw[w].lo && on)
						r[n++] = cw[w];
				}
			}
		}
		/* No two ranges of one space on this bus overlap. */
		for (unsigned a = 0; a < n; a++)
			for (unsigned b = a + 1; b < n; b++)
				if (same_space(&r[a], &r[b]) && overlap(&r[a], &r[b]))
					fail_msg("bus of owner %d: fn %d 0x%llx-0x%llx overlaps fn %d 0x%llx-0x%llx",
						 owner, r[a].fn, (unsigned long long)r[a].lo, (unsigned long long)r[a].hi,
						 r[b].fn, (unsigned long long)r[b].lo, (unsigned long long)r[b].hi);
		/* Everything inside the owner's windows (or the platform's). */
		for (unsigned a = 0; a < n; a++) {
			bool io = r[a].kind == 0 || r[a].kind == 2;
			bool ok;
			if (owner < 0) {
				ok = io ? inside(&r[a], p->io_start, p->io_end)
					: inside(&r[a], p->mem32_start, p->mem32_end) ||
					  inside(&r[a], p->mem64_start, p->mem64_end);
				if (!io && p->ecam_size)
					ok = ok && !(r[a].lo < p->ecam_base + p->ecam_size && p->ecam_base < r[a].hi);
				ok = ok && (io || r[a].hi <= 0xfec00000ull || r[a].lo >= 1ull << 32);
			} else if (io) {
				ok = (ocmd & PCI_COMMAND_IO) && inside(&r[a], win[0].lo, win[0].hi);
			} else {
				ok = (ocmd & PCI_COMMAND_MEMORY) &&
				     (inside(&r[a], win[1].lo, win[1].hi) || inside(&r[a], win[2].lo, win[2].hi));
			}
			if (!ok)
				fail_msg("owner %d: fn %d range 0x%llx-0x%llx (kind %d) outside its window", owner,
					 r[a].fn, (unsigned long long)r[a].lo, (unsigned long long)r[a].hi, r[a].kind);
		}
	}
	/* Sibling bridges: disjoint bus ranges. */
	for (unsigned a = 0; a < s->n; a++)
		for (unsigned b = a + 1; b < s->n; b++) {
			if (!s->fn[a].bridge || !s->fn[b].bridge || s->fn[a].parent != s->fn[b].parent)
				continue;
			unsigned as = s->fn[a].cfg[PCI_SECONDARY_BUS], bs = s->fn[b].cfg[PCI_SECONDARY_BUS];
			if (!as || !bs)
				continue;
			assert_true(s->fn[a].cfg[PCI_SUBORDINATE_BUS] < bs || s->fn[b].cfg[PCI_SUBORDINATE_BUS] < as);
		}
	return bars;
}

/* Table vs hardware: an unassigned BAR leaves that space's decoding off. */
static void check_table_consistent(const struct simbus *s)
{
	unsigned n;
	const struct pci_dev *d = pci_devices(&n);
	for (unsigned i = 0; i < n; i++) {
		for (int b = 0; b < PCI_ROM_SLOT; b++) {
			const struct pci_bar *x = &d[i].bar[b];
			if (x->kind == PCI_BAR_NONE || x->assigned)
				continue;
			uint16_t bit = x->kind == PCI_BAR_IO ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
			if (d[i].command & bit)
				fail_msg("%02x:%02x.%x BAR%d unassigned but decoding enabled", PCI_BUS(d[i].bdf),
					 PCI_SLOT(d[i].bdf), PCI_FUNC(d[i].bdf), b);
		}
	}
}

/* ---------------- topologies ---------------- */

struct pc_ids { int host, isa, ide, pm, vga, net, blk; };

static void add_virtio_legacy(struct simbus *s, int idx)
{
	sim_bar(s, idx, 0, SIM_IO, 0x40, false);
	sim_bar(s, idx, 1, SIM_MEM32, 0x1000, false);
	sim_bar(s, idx, 4, SIM_MEM64, 0x4000, true);
	sim_set_pin(s, idx, 1);
}

static struct simbus *build_pc(struct pc_ids *id)
{
	struct simbus *s = sim_new(256);
	id->host = sim_add(s, -1, 0, 0, 0x8086, 0x1237, 0x060000);
	id->isa = sim_add(s, -1, 1, 0, 0x8086, 0x7000, 0x060100);
	sim_set_multifunction(s, id->isa);
	for (int r = 0x60; r < 0x64; r++)
		s->fn[id->isa].wmask[r] = 0xff;
	id->ide = sim_add(s, -1, 1, 1, 0x8086, 0x7010, 0x010180);
	sim_bar(s, id->ide, 4, SIM_IO, 0x10, false);
	id->pm = sim_add(s, -1, 1, 3, 0x8086, 0x7113, 0x068000);
	sim_set_pin(s, id->pm, 1);
	id->vga = sim_add(s, -1, 2, 0, 0x1234, 0x1111, 0x030000);
	sim_bar(s, id->vga, 0, SIM_MEM32, 16 * MiB, true);
	sim_bar(s, id->vga, 2, SIM_MEM32, 0x1000, false);
	sim_rom(s, id->vga, 0x10000);
	id->net = sim_add(s, -1, 3, 0, 0x1af4, 0x1000, 0x020000);
	add_virtio_legacy(s, id->net);
	sim_rom(s, id->net, 0x40000);
	id->blk = sim_add(s, -1, 4, 0, 0x1af4, 0x1001, 0x010000);
	add_virtio_legacy(s, id->blk);
	sim_set_pin(s, id->blk, 1);
	return s;
}

static void test_pc_default(void **state)
{
	struct pc_ids id;
	struct simbus *s = build_pc(&id);

	assert_int_equal(pci_setup(&s->hw, &plat_pc), 0);
	unsigned bars = check_hierarchy(s, &plat_pc, true);
	assert_int_equal(bars, 1 + (2 + 1) + (3 + 1) + 3);	/* ide io; vga 2 + rom; net 3 + rom; blk 3 */
	check_table_consistent(s);

	/* PIIX3 PIRQA-D -> 10, 10, 11, 11; slot 3 INTA -> PIRQC, slot 4 INTA -> PIRQD. */
	assert_int_equal(sim_peek(s, id.isa, 0x60, 4), 0x0b0b0a0a);
	assert_int_equal(sim_peek(s, id.net, PCI_INTERRUPT_LINE, 1), 11);
	assert_int_equal(sim_peek(s, id.blk, PCI_INTERRUPT_LINE, 1), 11);
	assert_int_equal(sim_peek(s, id.pm, PCI_INTERRUPT_LINE, 1), 10);	/* slot 1 INTA -> PIRQA */
	assert_int_equal(s->elcr[1] & 0x0c, 0x0c);	/* IRQ 10, 11 level */
	assert_int_equal(s->elcr[0], 0);

	/* The host bridge is never sized: no config write reached it. */
	assert_int_equal(s->fn[id.host].writes, 0);
	/* Bridges get no master; endpoints keep master off; I/O and memory on. */
	uint16_t cmd = (uint16_t)sim_peek(s, id.net, PCI_COMMAND, 2);
	assert_int_equal(cmd & 7, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
	/* Inventory: one record per function, bdf-named, and a summary. */
	assert_non_null(strstr(test_inv_text(), "\"type\":\"pci\",\"bdf\":\"00:03.0\",\"vendor\":\"0x1af4\""));
	assert_non_null(strstr(test_inv_text(), "\"type\":\"pci-summary\""));
	assert_null(strstr(test_inv_text(), "\"unassigned\":true"));
	sim_free(s);
}

struct q35_ids {
	int mch, lpc, ahci, rp[6], virtio, up, down[2], ep[2], pcipci, nested, deep, deepdev, big;
};

static struct simbus *build_q35(struct q35_ids *id)
{
	struct simbus *s = sim_new(4096);
	id->mch = sim_add(s, -1, 0, 0, 0x8086, 0x29c0, 0x060000);
	for (int r = 0x60; r < 0x68; r++)
		s->fn[id->mch].wmask[r] = 0xff;
	id->lpc = sim_add(s, -1, 0x1f, 0, 0x8086, 0x2918, 0x060100);
	sim_set_multifunction(s, id->lpc);
	for (int r = 0x60; r < 0x6c; r++)
		s->fn[id->lpc].wmask[r] = 0xff;
	id->ahci = sim_add(s, -1, 0x1f, 2, 0x8086, 0x2922, 0x010601);
	sim_bar(s, id->ahci, 4, SIM_IO, 0x20, false);
	sim_bar(s, id->ahci, 5, SIM_MEM32, 0x1000, false);
	sim_set_pin(s, id->ahci, 1);
	/* Six root ports at 00:02.0-5 (multifunction), hotplug capable. */
	for (int i = 0; i < 6; i++) {
		id->rp[i] = sim_add_bridge(s, -1, 2, (unsigned)i, 0x1b36, 0x000c, SIM_BR_IO32);
		sim_pcie_cap(s, id->rp[i], PCI_EXP_TYPE_ROOT_PORT, true);
		sim_set_pin(s, id->rp[i], 1);
	}
	sim_set_multifunction(s, id->rp[0]);
	/* rp0: a modern virtio device. */
	id->virtio = sim_add(s, id->rp[0], 0, 0, 0x1af4, 0x1041, 0x020000);
	sim_pcie_cap(s, id->virtio, PCI_EXP_TYPE_ENDPOINT, false);
	sim_bar(s, id->virtio, 1, SIM_MEM32, 0x1000, false);
	sim_bar(s, id->virtio, 4, SIM_MEM64, 0x4000, true);
	sim_set_pin(s, id->virtio, 1);
	/* rp1: a switch with two downstream ports, one endpoint each. */
	id->up = sim_add_bridge(s, id->rp[1], 0, 0, 0x1b36, 0x000d, 0);
	sim_pcie_cap(s, id->up, PCI_EXP_TYPE_UPSTREAM, false);
	for (int i = 0; i < 2; i++) {
		id->down[i] = sim_add_bridge(s, id->up, (unsigned)i, 0, 0x1b36, 0x000e, 0);
		sim_pcie_cap(s, id->down[i], PCI_EXP_TYPE_DOWNSTREAM, false);
		id->ep[i] = sim_add(s, id->down[i], 0, 0, 0x1af4, 0x1042, 0x010000);
		sim_bar(s, id->ep[i], 1, SIM_MEM32, 0x1000, false);
		sim_bar(s, id->ep[i], 4, SIM_MEM64, 0x4000, true);
		sim_set_pin(s, id->ep[i], 1);
	}
	/* rp2: pcie-pci-bridge -> pci-bridge -> device (three bridges deep). */
	id->pcipci = sim_add_bridge(s, id->rp[2], 0, 0, 0x1b36, 0x000e, 0);
	sim_pcie_cap(s, id->pcipci, PCI_EXP_TYPE_PCI_BRIDGE, false);
	sim_cap(s, id->pcipci, PCI_CAP_ID_SHPC, 8);
	id->nested = sim_add(s, id->pcipci, 1, 0, 0x1af4, 0x1000, 0x020000);
	add_virtio_legacy(s, id->nested);
	id->deep = sim_add_bridge(s, id->pcipci, 2, 0, 0x1b36, 0x0001, 0);
	id->deepdev = sim_add(s, id->deep, 3, 0, 0x1af4, 0x1005, 0x00ff00);
	add_virtio_legacy(s, id->deepdev);
	sim_set_pin(s, id->deepdev, 2);
	/* rp3: QEMU reserve capability: 3 extra buses, 4 KiB I/O, 8 MiB mem, 1 GiB 64-bit pref. */
	sim_reserve_cap(s, id->rp[3], 3, 0x1000, 8 * MiB, ~0u, GiB);
	/* rp4: capability with only the bus count set: the rest falls back to hotplug defaults. */
	sim_reserve_cap(s, id->rp[4], 1, ~0ull, ~0u, ~0u, ~0ull);
	/* rp5: a 4 GiB 64-bit prefetchable BAR (ivshmem with a 4 GiB backend). */
	id->big = sim_add(s, id->rp[5], 0, 0, 0x1af4, 0x1110, 0x050000);
	sim_bar(s, id->big, 0, SIM_MEM32, 0x100, false);
	sim_bar(s, id->big, 2, SIM_MEM64, 4 * GiB, true);
	return s;
}

static void test_q35_topology(void **state)
{
	struct q35_ids id;
	struct simbus *s = build_q35(&id);

	pci_q35_enable_ecam(&s->ops, plat_q35.ecam_base, plat_q35.ecam_size);
	assert_int_equal(sim_peek(s, id.mch, 0x60, 4), 0xb0000001u);
	assert_int_equal(pci_setup(&s->hw, &plat_q35), 0);
	check_hierarchy(s, &plat_q35, true);
	check_table_consistent(s);

	/* Depth-first bus numbers, worked out by hand:
	 * rp0 -> 1; rp1 -> 2 (switch upstream port on bus 2), up -> 3 (downstream ports),
	 * down0 -> 4, down1 -> 5; rp2 -> 6, pcipci -> 7, deep -> 8; rp3 -> 9, +3 reserved
	 * -> 9..12; rp4 -> 13, +1 -> 13..14; rp5 -> 15. */
	const unsigned want[][3] = {
		{ 0, 1, 1 }, { 0, 2, 5 }, { 0, 6, 8 }, { 0, 9, 12 }, { 0, 13, 14 }, { 0, 15, 15 },
	};
	for (int i = 0; i < 6; i++) {
		assert_int_equal(s->fn[id.rp[i]].cfg[PCI_PRIMARY_BUS], want[i][0]);
		assert_int_equal(s->fn[id.rp[i]].cfg[PCI_SECONDARY_BUS], want[i][1]);
		assert_int_equal(s->fn[id.rp[i]].cfg[PCI_SUBORDINATE_BUS], want[i][2]);
	}
	assert_int_equal(s->fn[id.up].cfg[PCI_SECONDARY_BUS], 3);
	assert_int_equal(s->fn[id.up].cfg[PCI_SUBORDINATE_BUS], 5);
	assert_int_equal(s->fn[id.down[1]].cfg[PCI_PRIMARY_BUS], 3);
	assert_int_equal(s->fn[id.down[1]].cfg[PCI_SECONDARY_BUS], 5);
	assert_int_equal(s->fn[id.deep].cfg[PCI_PRIMARY_BUS], 7);
	assert_int_equal(s->fn[id.deep].cfg[PCI_SECONDARY_BUS], 8);
	assert_int_equal(sim_bus_of(s, id.deepdev), 8);

	/* rp3 reservation honoured: windows at least as large as requested, pref above 4 GiB. */
	struct rng w[3];
	bridge_windows(s, id.rp[3], w);
	assert_true(w[0].hi - w[0].lo >= 0x1000);
	assert_true(w[1].hi - w[1].lo >= 8 * MiB);
	assert_true(w[2].hi - w[2].lo >= GiB);
	assert_true(w[2].lo >= 1ull << 32);
	/* rp4: hotplug defaults for what the capability leaves unset: no I/O, 2 MiB + 2 MiB. */
	bridge_windows(s, id.rp[4], w);
	assert_int_equal(w[0].hi - w[0].lo, 0);
	assert_int_equal(w[1].hi - w[1].lo, 2 * MiB);
	assert_int_equal(w[2].hi - w[2].lo, 2 * MiB);
	/* The 4 GiB BAR lands above 4 GiB, aligned, and rp5's window holds it. */
	uint64_t big = (sim_peek(s, id.big, 0x18, 4) & ~0xfull) | (uint64_t)sim_peek(s, id.big, 0x1c, 4) << 32;
	assert_true(big >= 1ull << 32);
	assert_int_equal(big % (4 * GiB), 0);
	/* A small 64-bit prefetchable BAR stays below 4 GiB while the hole has room. */
	uint64_t small = sim_peek(s, id.virtio, 0x20, 4) | (uint64_t)sim_peek(s, id.virtio, 0x24, 4) << 32;
	assert_true(small < 1ull << 32 && small >= plat_q35.mem32_start);

	/* ICH9: PIRQA-H -> 10,10,11,11,10,10,11,11. */
	assert_int_equal(sim_peek(s, id.lpc, 0x60, 4), 0x0b0b0a0a);
	assert_int_equal(sim_peek(s, id.lpc, 0x68, 4), 0x0b0b0a0a);
	/* AHCI at slot 31 INTA -> PIRQA -> 10; root ports at slot 2 INTA -> PIRQ E+2 = G -> 11. */
	assert_int_equal(sim_peek(s, id.ahci, PCI_INTERRUPT_LINE, 1), 10);
	assert_int_equal(sim_peek(s, id.rp[0], PCI_INTERRUPT_LINE, 1), 11);
	/* deepdev: slot 3 INTB behind deep (slot 2) behind pcipci (slot 0) behind rp2 (slot 2):
	 * INTB(2) @3 -> INTA(1)... ((2-1+3)&3)+1 = 1; @2 -> ((1-1+2)&3)+1 = 3; @0 -> 3;
	 * bus-0 slot 2 INTC -> PIRQ E + ((2 + 2) & 3) = E -> IRQ 10. */
	assert_int_equal(sim_peek(s, id.deepdev, PCI_INTERRUPT_LINE, 1), 10);

	/* Bridges forward (master on), the ECAM range is left alone (checked by check_hierarchy). */
	assert_true(sim_peek(s, id.rp[0], PCI_COMMAND, 2) & PCI_COMMAND_MASTER);
	const struct pci_windows *rw = pci_root_windows();
	assert_true(rw->pref.base >= plat_q35.mem64_start && rw->pref.size >= 5 * GiB);
	assert_true(rw->mem.base >= plat_q35.mem32_start && rw->mem.base + rw->mem.size <= plat_q35.mem32_end);
	assert_non_null(strstr(test_inv_text(), "\"type\":\"pci-bridge\",\"bdf\":\"00:02.3\",\"primary\":0,\"secondary\":9,\"subordinate\":12"));
	sim_free(s);
}

static void test_bounded_accesses(void **state)
{
	struct q35_ids id;
	struct simbus *s = build_q35(&id);
	pci_setup(&s->hw, &plat_q35);
	unsigned most = 0;
	for (unsigned i = 0; i < s->n; i++) {
		if (s->fn[i].reads + s->fn[i].writes > 160)
			fail_msg("fn %u: %u reads + %u writes", i, s->fn[i].reads, s->fn[i].writes);
		most = s->fn[i].reads + s->fn[i].writes > most ? s->fn[i].reads + s->fn[i].writes : most;
	}
	if (getenv("VMFW_TEST_VERBOSE"))
		fprintf(stderr, "q35 topology: %u reads, %u writes, at most %u per function\n", s->reads,
			s->writes, most);
	sim_free(s);
}

static void test_determinism(void **state)
{
	struct q35_ids id;
	struct simbus *a = build_q35(&id), *b = build_q35(&id);

	pci_setup(&a->hw, &plat_q35);
	char *inv_a = strdup(test_inv_text());
	test_console_reset();
	pci_setup(&b->hw, &plat_q35);
	assert_true(a->nlog > 100);
	assert_int_equal(a->nlog, b->nlog);
	assert_memory_equal(a->log, b->log, a->nlog * sizeof(*a->log));
	assert_string_equal(inv_a, test_inv_text());
	free(inv_a);
	sim_free(a);
	sim_free(b);
}

static void test_lying_device(void **state)
{
	struct pc_ids id;
	struct simbus *s = build_pc(&id);
	int liar = sim_add(s, -1, 5, 0, 0x1234, 0xbad0, 0x020000);
	sim_bar_raw(s, liar, 0, 0, 0xfff0f000u);		/* address bits not contiguous */
	sim_bar(s, liar, 2, SIM_MEM32, 0x1000, false);	/* fine on its own */
	sim_bar(s, liar, 4, SIM_IO, 0x20, false);
	int liar2 = sim_add(s, -1, 6, 0, 0x1234, 0xbad1, 0x020000);
	sim_bar_raw(s, liar2, 0, 0, 0xfffff004u);		/* type bit moves: 32 -> 64-bit */
	int ro = sim_add(s, -1, 7, 0, 0x1234, 0xbad2, 0x020000);
	sim_bar_raw(s, ro, 0, 0xfebf0000u, 0);		/* read-only BAR at a fixed address */
	sim_bar(s, ro, 1, SIM_IO, 0x10, false);

	int r = pci_setup(&s->hw, &plat_pc);
	assert_true(r <= -3);
	assert_true(test_log_contains("ERROR"));
	assert_true(test_log_contains("00:05.0 BAR0: sizing nonsense"));
	assert_true(test_log_contains("00:06.0 BAR0: sizing nonsense"));
	assert_true(test_log_contains("00:07.0 BAR0: read-only memory BAR"));
	uint16_t cmd = (uint16_t)sim_peek(s, liar, PCI_COMMAND, 2);
	assert_int_equal(cmd & PCI_COMMAND_MEMORY, 0);	/* its memory space is unusable */
	assert_int_equal(cmd & PCI_COMMAND_IO, PCI_COMMAND_IO);
	assert_int_equal(sim_peek(s, ro, PCI_COMMAND, 2) & 3, PCI_COMMAND_IO);
	check_hierarchy(s, &plat_pc, false);
	check_table_consistent(s);
	const struct pci_dev *d = pci_devices(NULL);
	int li = pci_find(PCI_BDF(0, 5, 0));
	assert_true(li >= 0);
	assert_false(d[li].bar[0].assigned);
	assert_int_equal(d[li].bar[0].why, PCI_WHY_SIZING);
	assert_false(d[li].bar[2].assigned);
	assert_true(d[li].bar[4].assigned);
	assert_non_null(strstr(test_inv_text(), "\"unassigned\":true,\"reason\":\"sizing nonsense\""));
	sim_free(s);
}

/* QEMU's pvpanic-pci: a 2-byte memory BAR whose "type" bits are writable address bits. */
static void test_tiny_bars(void **state)
{
	struct pc_ids id;
	struct simbus *s = build_pc(&id);
	int pv = sim_add(s, -1, 5, 0, 0x1b36, 0x0011, 0x088000);
	sim_bar_raw(s, pv, 0, 0, 0xfffffffeu);			/* 2-byte memory BAR */
	int io = sim_add(s, -1, 6, 0, 0x1234, 0x0002, 0x088000);
	sim_bar_raw(s, io, 0, 1, 0xfffffffeu);			/* 2-byte I/O BAR */

	pci_setup(&s->hw, &plat_pc);
	const struct pci_dev *d = pci_devices(NULL);
	const struct pci_dev *p = &d[pci_find(PCI_BDF(0, 5, 0))];
	assert_true(p->bar[0].assigned);
	assert_int_equal(p->bar[0].kind, PCI_BAR_MEM32);
	assert_int_equal(p->bar[0].size, 16);
	assert_int_equal(p->bar[0].addr % 16, 0);
	assert_int_equal(sim_peek(s, pv, PCI_BASE_ADDRESS_0, 4), (uint32_t)p->bar[0].addr);
	assert_int_equal(sim_peek(s, pv, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY, PCI_COMMAND_MEMORY);
	const struct pci_dev *q = &d[pci_find(PCI_BDF(0, 6, 0))];
	assert_true(q->bar[0].assigned);
	assert_int_equal(q->bar[0].kind, PCI_BAR_IO);
	assert_int_equal(q->bar[0].size, 4);
	assert_true(test_log_contains("00:05.0 BAR0: smaller than 16 bytes"));
	check_hierarchy(s, &plat_pc, false);
	sim_free(s);
}

static void test_bridge_points_back_up(void **state)
{
	struct pc_ids id;
	struct simbus *s = build_pc(&id);
	int good = sim_add_bridge(s, -1, 5, 0, 0x1b36, 0x0001, 0);
	int gdev = sim_add(s, good, 1, 0, 0x1af4, 0x1005, 0x00ff00);
	add_virtio_legacy(s, gdev);
	int bad = sim_add_bridge(s, -1, 6, 0, 0x1b36, 0x0001, 0);
	/* Bus-number registers hardwired: primary 0, secondary 0 (points back up). */
	for (int r = PCI_PRIMARY_BUS; r <= PCI_SUBORDINATE_BUS; r++)
		s->fn[bad].wmask[r] = 0;
	int hidden = sim_add(s, bad, 0, 0, 0x1af4, 0x1005, 0x00ff00);
	add_virtio_legacy(s, hidden);
	int after = sim_add_bridge(s, -1, 7, 0, 0x1b36, 0x0001, 0);
	int adev = sim_add(s, after, 0, 0, 0x1af4, 0x1000, 0x020000);
	add_virtio_legacy(s, adev);

	assert_true(pci_setup(&s->hw, &plat_pc) < 0);
	assert_true(test_log_contains("00:06.0: bridge bus numbers read back"));
	assert_true(test_log_contains("points back up"));
	assert_int_equal(pci_find(PCI_BDF(1, 1, 0)) >= 0, 1);
	assert_int_equal(s->fn[hidden].reads, 0);
	assert_int_equal(sim_peek(s, bad, PCI_COMMAND, 2) & 7, 0);
	/* The next bridge still gets the next bus number. */
	assert_int_equal(s->fn[after].cfg[PCI_SECONDARY_BUS], 2);
	assert_int_equal(sim_bus_of(s, adev), 2);
	check_hierarchy(s, &plat_pc, false);
	sim_free(s);
}

static void test_io_exhaustion(void **state)
{
	struct pc_ids id;
	struct simbus *s = build_pc(&id);
	int iodev[2], withmem[10], n = 0;
	/* Five bridges, two I/O+memory devices each: 5 x 4 KiB windows > 16 KiB of I/O. */
	for (int b = 0; b < 5; b++) {
		int br = sim_add_bridge(s, -1, 5 + (unsigned)b, 0, 0x1b36, 0x0001, 0);
		for (int k = 0; k < 2; k++) {
			withmem[n] = sim_add(s, br, (unsigned)k, 0, 0x1af4, 0x1000, 0x020000);
			add_virtio_legacy(s, withmem[n++]);
		}
	}
	/* I/O-only devices: one on bus 0, one behind its own bridge (highest bdf of all). */
	iodev[0] = sim_add(s, -1, 12, 0, 0x1234, 0x0001, 0x070000);
	sim_bar(s, iodev[0], 0, SIM_IO, 0x100, false);
	int br = sim_add_bridge(s, -1, 13, 0, 0x1b36, 0x0001, 0);
	iodev[1] = sim_add(s, br, 0, 0, 0x1234, 0x0002, 0x070000);
	sim_bar(s, iodev[1], 0, SIM_IO, 0x100, false);

	pci_setup(&s->hw, &plat_pc);
	check_hierarchy(s, &plat_pc, false);
	check_table_consistent(s);
	for (int k = 0; k < 2; k++)
		assert_true(sim_peek(s, iodev[k], PCI_COMMAND, 2) & PCI_COMMAND_IO);
	int shed = 0;
	for (int k = 0; k < n; k++) {
		uint16_t cmd = (uint16_t)sim_peek(s, withmem[k], PCI_COMMAND, 2);
		assert_true(cmd & PCI_COMMAND_MEMORY);	/* every device keeps working */
		shed += !(cmd & PCI_COMMAND_IO);
	}
	assert_true(shed >= 2);
	assert_true(test_log_contains("I/O left off (device has memory BARs)"));
	assert_non_null(strstr(test_inv_text(), "I/O shed"));
	sim_free(s);
}

static void test_hole_short_goes_high(void **state)
{
	struct simbus *s = sim_new(256);
	sim_add(s, -1, 0, 0, 0x8086, 0x1237, 0x060000);
	int dev[4];
	for (int i = 0; i < 4; i++) {
		dev[i] = sim_add(s, -1, 3 + (unsigned)i, 0, 0x1af4, 0x1110, 0x050000);
		sim_bar(s, dev[i], 0, SIM_MEM32, 0x1000, false);
		sim_bar(s, dev[i], 2, SIM_MEM64, 64 * MiB, true);
	}
	struct pci_platform p = plat_pc;
	p.mem32_start = 0xf0000000ull;	/* a 236 MiB hole cannot take 4 x 64 MiB */
	p.chipset = PCI_CHIPSET_NONE;	/* no interrupt router in this machine */
	assert_int_equal(pci_setup(&s->hw, &p), 0);
	check_hierarchy(s, &p, true);
	for (int i = 0; i < 4; i++) {
		uint64_t a = (sim_peek(s, dev[i], 0x18, 4) & ~0xfull) | (uint64_t)sim_peek(s, dev[i], 0x1c, 4) << 32;
		assert_true(a >= p.mem64_start);
	}
	/* Without a 64-bit window the same machine must disable, not overlap. */
	sim_free(s);
	s = sim_new(256);
	for (int i = 0; i < 4; i++) {
		dev[i] = sim_add(s, -1, 3 + (unsigned)i, 0, 0x1af4, 0x1110, 0x050000);
		sim_bar(s, dev[i], 0, SIM_MEM32, 0x1000, false);
		sim_bar(s, dev[i], 2, SIM_MEM64, 64 * MiB, true);
	}
	p.mem64_end = p.mem64_start;
	assert_true(pci_setup(&s->hw, &p) < 0);
	check_hierarchy(s, &p, false);
	check_table_consistent(s);
	int off = 0;
	for (int i = 0; i < 4; i++)
		off += !(sim_peek(s, dev[i], PCI_COMMAND, 2) & PCI_COMMAND_MEMORY);
	assert_int_equal(off, 1);	/* 236 MiB holds three of them */
	assert_non_null(strstr(test_inv_text(), "32-bit memory exhausted"));
	sim_free(s);
}

static void test_16g_bar_behind_bridges(void **state)
{
	struct simbus *s = sim_new(256);
	sim_add(s, -1, 0, 0, 0x8086, 0x1237, 0x060000);
	int b1 = sim_add_bridge(s, -1, 3, 0, 0x1b36, 0x0001, 0);
	int b2 = sim_add_bridge(s, b1, 1, 0, 0x1b36, 0x0001, 0);
	int b3 = sim_add_bridge(s, b2, 2, 0, 0x1b36, 0x0001, 0);
	int d = sim_add(s, b3, 4, 0, 0x1af4, 0x1110, 0x050000);
	sim_bar(s, d, 2, SIM_MEM64, 16 * GiB, true);
	sim_bar(s, d, 0, SIM_MEM32, 0x100, false);
	/* A 32-bit-only bridge cannot take it high: its device is reported, not overlapped. */
	int b4 = sim_add_bridge(s, -1, 4, 0, 0x1b36, 0x0001, SIM_BR_PREF32);
	int d2 = sim_add(s, b4, 0, 0, 0x1af4, 0x1110, 0x050000);
	sim_bar(s, d2, 2, SIM_MEM64, 16 * GiB, true);

	struct pci_platform p = plat_pc;
	p.chipset = PCI_CHIPSET_NONE;
	assert_int_equal(pci_setup(&s->hw, &p), -1);
	check_hierarchy(s, &plat_pc, false);
	check_table_consistent(s);
	uint64_t a = (sim_peek(s, d, 0x18, 4) & ~0xfull) | (uint64_t)sim_peek(s, d, 0x1c, 4) << 32;
	assert_true(a >= 16 * GiB && a % (16 * GiB) == 0);
	assert_true(sim_peek(s, d, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY);
	assert_int_equal(s->fn[b3].cfg[PCI_SECONDARY_BUS], 3);
	assert_int_equal(s->fn[b1].cfg[PCI_SUBORDINATE_BUS], 3);
	assert_int_equal(sim_peek(s, d2, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY, 0);
	sim_free(s);
}

/* ---------------- generated topologies ---------------- */

static uint64_t prng;
static unsigned rnd(unsigned n)
{
	prng = prng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((prng >> 33) % n);
}

static void gen_bus(struct simbus *s, int parent, int depth)
{
	unsigned ndev = 1 + rnd(parent < 0 ? 8 : 4);
	for (unsigned k = 0; k < ndev && s->n + 8 < SIM_MAX_FNS; k++) {
		unsigned slot = parent < 0 ? 1 + k * 3 : k;
		if (depth < 4 && rnd(3) == 0) {
			unsigned fl = rnd(8) == 0 ? SIM_BR_NO_IO : 0;
			fl |= rnd(6) == 0 ? SIM_BR_PREF32 : 0;
			fl |= rnd(10) == 0 ? SIM_BR_NO_PREF : 0;
			int b = sim_add_bridge(s, parent, slot, 0, 0x1b36, 0x000c, fl);
			if (rnd(2))
				sim_pcie_cap(s, b, PCI_EXP_TYPE_ROOT_PORT, rnd(2));
			if (rnd(4) == 0)
				sim_reserve_cap(s, b, rnd(3), rnd(2) ? 0x1000 : ~0ull, rnd(2) ? 4 * MiB : ~0u, ~0u,
						rnd(2) ? 256 * MiB : ~0ull);
			gen_bus(s, b, depth + 1);
			continue;
		}
		unsigned nfn = rnd(4) == 0 ? 1 + rnd(3) : 1;
		for (unsigned f = 0; f < nfn; f++) {
			int d = sim_add(s, parent, slot, f, 0x1af4, (uint16_t)(0x1000 + rnd(64)), 0x020000);
			if (nfn > 1 && f == 0)
				sim_set_multifunction(s, d);
			int bar = 0;
			if (rnd(2))
				sim_bar(s, d, bar++, SIM_IO, 4ull << rnd(7), false);
			if (rnd(4))
				sim_bar(s, d, bar++, SIM_MEM32, 16ull << rnd(20), rnd(4) == 0);
			if (rnd(2)) {
				sim_bar(s, d, bar, SIM_MEM64, 1ull << (12 + rnd(23)), true);
				bar += 2;
			}
			if (rnd(5) == 0)
				sim_rom(s, d, 0x800u << rnd(8));
			sim_set_pin(s, d, (uint8_t)(1 + rnd(4)));
		}
	}
}

static void test_generated_no_overlap(void **state)
{
	for (unsigned seed = 1; seed <= 60; seed++) {
		prng = seed;
		bool q35 = seed & 1;
		struct simbus *s = sim_new(q35 ? 4096 : 256);
		if (q35) {
			sim_add(s, -1, 0, 0, 0x8086, 0x29c0, 0x060000);
			int lpc = sim_add(s, -1, 0x1f, 0, 0x8086, 0x2918, 0x060100);
			for (int r = 0x60; r < 0x6c; r++)
				s->fn[lpc].wmask[r] = 0xff;
		} else {
			sim_add(s, -1, 0, 0, 0x8086, 0x1237, 0x060000);
		}
		gen_bus(s, -1, 0);
		struct pci_platform p = q35 ? plat_q35 : plat_pc;
		if (seed % 5 == 0)
			p.mem64_end = p.mem64_start;	/* no 64-bit window */
		if (seed % 7 == 0)
			p.mem32_start = 0xf8000000ull;	/* tiny hole */
		test_console_reset();
		int r = pci_setup(&s->hw, &p);
		if (getenv("PCI_TEST_SEED_LOG"))
			fprintf(stderr, "seed %u r %d\n%s\n%s\n", seed, r, test_log_text(), test_inv_text());
		assert_true(r <= 0);
		/* Fully assigned unless something was reported (I/O shed is not a "problem"). */
		check_hierarchy(s, &p, r == 0 && !strstr(test_inv_text(), "\"unassigned\":true"));
		check_table_consistent(s);
		sim_free(s);
	}
}

static void test_table_overflow(void **state)
{
	struct simbus *s = sim_new(256);
	/* 31 multifunction devices x 8 functions on bus 0, then a bridge with 16 more. */
	for (unsigned dev = 0; dev < 31; dev++)
		for (unsigned fn = 0; fn < 8; fn++) {
			int d = sim_add(s, -1, dev, fn, 0x1af4, 0x1000, 0x020000);
			if (fn == 0)
				sim_set_multifunction(s, d);
			sim_bar(s, d, 1, SIM_MEM32, 0x1000, false);
		}
	int br = sim_add_bridge(s, -1, 31, 0, 0x1b36, 0x0001, 0);
	int late[16];
	for (unsigned k = 0; k < 16; k++) {
		late[k] = sim_add(s, br, k / 8, k % 8, 0x1af4, 0x1000, 0x020000);
		if (k % 8 == 0)
			sim_set_multifunction(s, late[k]);
		sim_bar(s, late[k], 1, SIM_MEM32, 0x1000, false);
	}
	struct pci_platform p = plat_pc;
	p.chipset = PCI_CHIPSET_NONE;
	assert_true(pci_setup(&s->hw, &p) < 0);
	unsigned n;
	pci_devices(&n);
	assert_int_equal(n, PCI_MAX_DEVS);
	assert_true(test_log_contains("pci table full"));
	/* Functions past the table are never enabled; everything else is consistent. */
	for (unsigned k = 8; k < 16; k++)
		assert_int_equal(sim_peek(s, late[k], PCI_COMMAND, 2), 0);
	check_hierarchy(s, &p, false);
	check_table_consistent(s);
	sim_free(s);
}

static void test_ecam_and_platform(void **state)
{
	struct simbus *s = sim_new(256);
	int mch = sim_add(s, -1, 0, 0, 0x8086, 0x29c0, 0x060000);
	for (int r = 0x60; r < 0x68; r++)
		s->fn[mch].wmask[r] = 0xff;
	pci_q35_enable_ecam(&s->ops, 0xe0000000ull, 128 * MiB);
	assert_int_equal(sim_peek(s, mch, 0x60, 4), 0xe0000000u | 2 | 1);
	assert_int_equal(sim_peek(s, mch, 0x64, 4), 0);
	sim_poke(s, mch, 0x60, 4, 0);
	pci_q35_enable_ecam(&s->ops, 0xb0000000ull, 100 * MiB);	/* not a valid length */
	assert_int_equal(sim_peek(s, mch, 0x60, 4), 0);
	assert_true(test_log_contains("not enabled"));
	sim_free(s);

	/* q35, ECAM 0xb0000000-0xbfffffff: the part above ECAM is larger. */
	assert_int_equal(plat_q35.mem32_start, 0xc0000000ull);
	assert_int_equal(plat_q35.mem32_end, 0xfec00000ull);
	assert_int_equal(plat_q35.mem64_start, 1ull << 32);
	assert_int_equal(plat_q35.mem64_end, 1ull << 40);
	struct pci_platform p;
	/* pc with 3.5 GiB below 4 GiB, RAM to 6 GiB, hotplug memory to 0x1_9000_0000. */
	pci_platform_init(&p, PCI_CHIPSET_I440FX, 0xe0000000ull, 6 * GiB, 0x190000000ull, 40, 0, 0);
	assert_int_equal(p.mem32_start, 0xe0000000ull);
	assert_int_equal(p.mem64_start, 7 * GiB);
	pci_platform_init(&p, PCI_CHIPSET_I440FX, 1 * GiB, 1 * GiB, 0, 32, 0, 0);
	assert_int_equal(p.mem64_end, p.mem64_start);	/* phys-bits 32: no 64-bit window */
}

/* A variant without hotplug windows (pc-v1, q35-v1): hotplug-capable root ports get only what
 * their devices need, unless QEMU's reserve capability asks for more. */
static void test_q35_no_hotplug_defaults(void **state)
{
	struct q35_ids id;
	struct rng w[3], dflt[3];

	/* With the defaults: rp0 (one virtio device) has 2 MiB + 2 MiB. */
	struct simbus *s = build_q35(&id);
	pci_q35_enable_ecam(&s->ops, plat_q35.ecam_base, plat_q35.ecam_size);
	assert_int_equal(pci_setup(&s->hw, &plat_q35), 0);
	bridge_windows(s, id.rp[0], dflt);
	assert_int_equal(dflt[1].hi - dflt[1].lo, 2 * MiB);
	assert_int_equal(dflt[2].hi - dflt[2].lo, 2 * MiB);
	sim_free(s);

	struct pci_platform p = plat_q35;
	p.hotplug_defaults = false;
	s = build_q35(&id);
	pci_q35_enable_ecam(&s->ops, p.ecam_base, p.ecam_size);
	assert_int_equal(pci_setup(&s->hw, &p), 0);
	check_hierarchy(s, &p, true);
	check_table_consistent(s);
	/* rp0: the 4 KiB and 16 KiB BARs of its device, one window granule each. */
	bridge_windows(s, id.rp[0], w);
	assert_int_equal(w[1].hi - w[1].lo, 1 * MiB);
	assert_int_equal(w[2].hi - w[2].lo, 1 * MiB);
	/* rp4: empty, its capability sets only the bus count (still honoured): no windows. */
	assert_int_equal(s->fn[id.rp[4]].cfg[PCI_SECONDARY_BUS], 13);
	assert_int_equal(s->fn[id.rp[4]].cfg[PCI_SUBORDINATE_BUS], 14);
	bridge_windows(s, id.rp[4], w);
	assert_int_equal(w[0].hi - w[0].lo, 0);
	assert_int_equal(w[1].hi - w[1].lo, 0);
	assert_int_equal(w[2].hi - w[2].lo, 0);
	/* rp3: the capability's explicit values are the host's request, applied either way. */
	bridge_windows(s, id.rp[3], w);
	assert_true(w[0].hi - w[0].lo >= 0x1000);
	assert_true(w[1].hi - w[1].lo >= 8 * MiB);
	assert_true(w[2].hi - w[2].lo >= GiB);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pc_default, setup),
		cmocka_unit_test_setup(test_q35_topology, setup),
		cmocka_unit_test_setup(test_q35_no_hotplug_defaults, setup),
		cmocka_unit_test_setup(test_bounded_accesses, setup),
		cmocka_unit_test_setup(test_determinism, setup),
		cmocka_unit_test_setup(test_lying_device, setup),
		cmocka_unit_test_setup(test_tiny_bars, setup),
		cmocka_unit_test_setup(test_bridge_points_back_up, setup),
		cmocka_unit_test_setup(test_io_exhaustion, setup),
		cmocka_unit_test_setup(test_hole_short_goes_high, setup),
		cmocka_unit_test_setup(test_16g_bar_behind_bridges, setup),
		cmocka_unit_test_setup(test_generated_no_overlap, setup),
		cmocka_unit_test_setup(test_table_overflow, setup),
		cmocka_unit_test_setup(test_ecam_and_platform, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
