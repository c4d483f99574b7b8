/*
 * Fuzz target: PCI probe, BAR sizing and allocation (pci_setup = probe + plan + apply + IRQ
 * routing + report) over a simulated bus built from the input: platform (chipset, RAM,
 * phys-bits, hotplug default windows on/off), up to PCI_FUZZ_MAX_FNS functions behind random bridges, random BAR kinds and
 * sizes, raw write masks (non-contiguous, read-only at fixed addresses), 64-bit BARs in the
 * last slot, ROMs, PCIe/hotplug and QEMU reserve capabilities, bogus or hardwired bridge
 * bus numbers, duplicate device numbers. After the run the checker in pci-check.c decodes
 * the simulated hardware (no overlap, natural alignment, inside windows, table agrees);
 * the whole thing is then built and run a second time and must end in identical config
 * spaces and an identical device table (determinism). Config accesses are bounded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci-fuzz.h"
#include "pci-check.h"		/* pci_check_bus */
#include "../pci/simbus.h"	/* sim_* */
#include "pci.h"		/* pci_setup, pci_platform_init, pci_devices */
#include "pci_regs.h"		/* PCI_* */
#include "log.h"		/* log_set_level */
#include "test-console.h"	/* test_console_reset */

#define MiB (1ull << 20)
#define GiB (1ull << 30)
/* 44 functions scan in well under this many config accesses; a hang would not. */
#define MAX_ACCESSES 400000u

struct pci_fuzz_stats pci_fuzz_stats;

struct in {
	const uint8_t *p;
	size_t n, i;
};

static uint8_t u8(struct in *in) { return in->i < in->n ? in->p[in->i++] : 0; }
static uint32_t u32(struct in *in)
{
	uint32_t v = u8(in);
	v |= (uint32_t)u8(in) << 8;
	v |= (uint32_t)u8(in) << 16;
	return v | (uint32_t)u8(in) << 24;
}

static void violated(const char *what)
{
	fprintf(stderr, "%s\npci-fuzz invariant violated: %s\n", test_log_text(), what);
	abort();
}

/* Plausible identities: QEMU's chipset parts (they carry quirks), virtio, bridges, unknowns. */
static const struct { uint16_t v, d; uint32_t class24; } ids[] = {
	{ 0x1af4, 0x1000, 0x020000 }, { 0x1af4, 0x1041, 0x020000 }, { 0x1234, 0x1111, 0x030000 },
	{ 0x8086, 0x7010, 0x010180 }, { 0x8086, 0x7113, 0x068000 }, { 0x1b36, 0x0011, 0x088000 },
	{ 0x1af4, 0x1110, 0x050000 }, { 0x8086, 0x1237, 0x060000 }, { 0x8086, 0x7000, 0x060100 },
	{ 0x8086, 0x2918, 0x060100 }, { 0x1234, 0x5678, 0x060000 }, { 0xabcd, 0xef01, 0xff0000 },
};

/* Bridge identities: QEMU pci-bridge, pcie-root-port, an Intel bridge, a plain one. */
static const struct { uint16_t v, d; } bridge_ids[] = {
	{ 0x1b36, 0x0001 }, { 0x1b36, 0x000c }, { 0x8086, 0x244e }, { 0x1234, 0x0002 },
};

static void add_bars(struct simbus *s, struct in *in, int idx, int nbars)
{
	for (int b = 0; b < nbars; b++) {
		uint8_t t = u8(in);
		uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b);
		switch (t & 7) {
		case 2:
			sim_bar(s, idx, b, SIM_IO, 1ull << (2 + u8(in) % 8), false);
			break;
		case 3:
			sim_bar(s, idx, b, SIM_MEM32, 1ull << (4 + u8(in) % 28), t & 0x80);
			break;
		case 4: {
			uint64_t size = 1ull << (4 + u8(in) % 44);
			if (b + 1 < nbars) {
				sim_bar(s, idx, b, SIM_MEM64, size, t & 0x80);
				b++;
			} else {	/* 64-bit type in the last slot: only the low half exists */
				sim_bar_raw(s, idx, b, PCI_BASE_ADDRESS_MEM_TYPE_64 | (t & 0x80 ? 8 : 0),
					    (uint32_t)~(size - 1) & 0xfffffff0u);
			}
			break;
		}
		case 5: {	/* raw mask: any address bits writable; type bits fixed */
			uint32_t type = u8(in) & 0xf;
			uint32_t m = u32(in) & ((type & 1) ? ~3u : ~0xfu);
			sim_bar_raw(s, idx, b, type & 1 ? PCI_BASE_ADDRESS_SPACE_IO : type, m);
			if (t & 0x40)
				s->fn[idx].cfg[off + 3] = u8(in);	/* stale address bits */
			break;
		}
		case 6: {	/* read-only BAR decoding at a fixed address */
			uint32_t v = u32(in);
			sim_bar_raw(s, idx, b, v & ((v & 1) ? ~2u : ~0u), 0);
			break;
		}
		default:
			break;
		}
	}
}

static void build(struct simbus *s, const uint8_t *data, size_t size, struct pci_platform *plat)
{
	static const uint64_t ram[8] = { 64 * MiB, 512 * MiB, 2 * GiB, 2 * GiB + 1, 3 * GiB,
					 3 * GiB + 512 * MiB, 0xfe000000ull, 16 * MiB };
	struct in in = { data, size, 0 };
	int bridges[PCI_FUZZ_MAX_FNS];
	int nbr = 0;

	s->n = 0;
	s->elcr[0] = s->elcr[1] = 0;
	sim_reset_counters(s);

	uint8_t h = u8(&in);
	bool q35 = h & 1;
	s->ops.cfg_size = (q35 || (h & 2)) ? 4096 : 256;
	uint64_t below = ram[(h >> 2) & 7];
	uint64_t above = (h & 0x20) ? (uint64_t)(u8(&in) % 64) * GiB : 0;
	uint8_t pb = u8(&in);
	unsigned phys = 32 + pb % 16;
	uint64_t resv = (h & 0x40) ? (uint64_t)u8(&in) * 4 * GiB : 0;
	if (q35)
		pci_platform_init(plat, PCI_CHIPSET_Q35, below, 4 * GiB + above, resv, phys,
				  0xb0000000ull, 256 * MiB);
	else
		pci_platform_init(plat, PCI_CHIPSET_I440FX, below, 4 * GiB + above, resv, phys, 0, 0);
	plat->hotplug_defaults = !(pb & 0x80);	/* the variant's hotplug_reserve */

	/* The chipset functions QEMU always has (unless the input says to leave them out). */
	if (!(h & 0x80)) {
		sim_add(s, -1, 0, 0, 0x8086, q35 ? 0x29c0 : 0x1237, 0x060000);
		int isa = q35 ? sim_add(s, -1, 0x1f, 0, 0x8086, 0x2918, 0x060100)
			      : sim_add(s, -1, 1, 0, 0x8086, 0x7000, 0x060100);
		sim_set_multifunction(s, isa);
		for (int r = 0x60; r < 0x6c; r++)
			s->fn[isa].wmask[r] = 0xff;
	}

	unsigned nfn = u8(&in) % (PCI_FUZZ_MAX_FNS - 2);
	for (unsigned k = 0; k < nfn && in.i < in.n; k++) {
		uint8_t where = u8(&in), kind = u8(&in), slot = u8(&in);
		int parent = (where % (nbr + 1)) == 0 ? -1 : bridges[where % (nbr + 1) - 1];
		unsigned dev = slot & 0x1f, fn = (kind & 0x80) ? (slot >> 5) : 0;
		int idx;
		if (kind & 1) {
			uint8_t sel = u8(&in);
			idx = sim_add_bridge(s, parent, dev, fn, bridge_ids[sel % 4].v, bridge_ids[sel % 4].d,
					     (sel >> 2) & 0xf);
			bridges[nbr++] = idx;
			/* Bus numbers left over by someone else. Only on function 0: a function that
			 * enumeration cannot see (no function 0, no multifunction bit, or a twin
			 * in the same slot answering first) would keep
			 * stale numbers vmfw never learns of (see docs/fuzzing.md, limits). */
			bool visible = fn == 0;
			for (int j = 0; j < idx && visible; j++)	/* an earlier twin shadows it */
				visible = !(s->fn[j].parent == parent && s->fn[j].dev == dev && s->fn[j].fn == fn);
			if ((kind & 0x40) && visible) {
				sim_poke(s, idx, PCI_PRIMARY_BUS, 4, u32(&in) & 0xffffff);
				if (sel & 0x40) {	/* ... and hardwired, forwarding nothing (sub < sec) */
					memset(&s->fn[idx].wmask[PCI_PRIMARY_BUS], 0, 3);
					uint8_t *b = &s->fn[idx].cfg[PCI_PRIMARY_BUS];
					if (b[2] >= b[1])
						b[2] = b[1] ? (uint8_t)(b[1] - 1) : 0;
				}
			}
		} else {
			uint8_t sel = u8(&in);
			idx = sim_add(s, parent, dev, fn, ids[sel % 12].v, ids[sel % 12].d, ids[sel % 12].class24);
		}
		if (kind & 2)
			sim_set_multifunction(s, idx);
		if (kind & 4)
			sim_pcie_cap(s, idx, (uint8_t)(u8(&in) % 11), kind & 8);
		if ((kind & 0x10) && (kind & 1)) {
			uint8_t z = u8(&in);
			sim_reserve_cap(s, idx, z & 1 ? ~0u : u8(&in), z & 2 ? ~0ull : (uint64_t)u8(&in) << 8,
					z & 4 ? ~0u : u32(&in), z & 8 ? ~0u : u32(&in),
					z & 16 ? ~0ull : (uint64_t)u32(&in) << (z >> 5));
		}
		if (kind & 0x20)
			sim_rom(s, idx, 1u << (11 + u8(&in) % 14));
		if ((kind & 0x18) == 0x18)
			sim_set_pin(s, idx, (uint8_t)(1 + u8(&in) % 5));
		add_bars(s, &in, idx, (kind & 1) ? 2 : 6);
	}
}

static struct simbus *sa, *sb;
static struct pci_dev tab_a[PCI_MAX_DEVS];
static struct pci_platform plat_a, plat_b;

int pci_fuzz_one(const uint8_t *data, size_t size)
{
	unsigned n, ranges = 0;

	if (!sa) {
		sa = sim_new(4096);
		sb = sim_new(4096);
	}
	test_console_reset();
	log_set_level(getenv("VMFW_FUZZ_DEBUG") ? LOG_DEBUG : LOG_WARN);

	build(sa, data, size, &plat_a);
	if (getenv("VMFW_FUZZ_DEBUG"))
		for (unsigned i = 0; i < sa->n; i++)
			fprintf(stderr, "sim fn %u: parent %d %02x.%x %04x:%04x%s buses %06x mask %06x\n", i,
				sa->fn[i].parent, sa->fn[i].dev, sa->fn[i].fn, sim_peek(sa, (int)i, 0, 2),
				sim_peek(sa, (int)i, 2, 2), sa->fn[i].bridge ? " bridge" : "",
				sim_peek(sa, (int)i, PCI_PRIMARY_BUS, 3),
				sa->fn[i].wmask[0x18] | sa->fn[i].wmask[0x19] << 8 | sa->fn[i].wmask[0x1a] << 16);
	int ra = pci_setup(&sa->hw, &plat_a);
	if (sa->reads + sa->writes > MAX_ACCESSES)
		violated("config accesses not bounded");
	if (strstr(test_log_text(), "(bug)"))	/* vmfw's own consistency checks */
		violated("vmfw logged an internal inconsistency");
	const char *why = pci_check_bus(sa, &plat_a, &sa->ops, &ranges);
	if (why)
		violated(why);
	const struct pci_dev *d = pci_devices(&n);
	if (n > PCI_MAX_DEVS)
		violated("table larger than PCI_MAX_DEVS");
	memcpy(tab_a, d, n * sizeof(*d));
	unsigned na = n;

	pci_fuzz_stats.inputs++;
	pci_fuzz_stats.functions += n;
	pci_fuzz_stats.ranges += ranges;
	pci_fuzz_stats.problems += ra < 0;
	for (unsigned i = 0; i < n; i++)
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			pci_fuzz_stats.unassigned += d[i].bar[b].kind && !d[i].bar[b].assigned;
			pci_fuzz_stats.high += d[i].bar[b].assigned && d[i].bar[b].addr >= 4 * GiB;
		}

	/* Determinism: the same input gives the same hardware state and table. */
	test_console_reset();
	build(sb, data, size, &plat_b);
	int rb = pci_setup(&sb->hw, &plat_b);
	d = pci_devices(&n);
	if (ra != rb || n != na || memcmp(d, tab_a, n * sizeof(*d)) != 0)
		violated("second run gave a different result or table");
	if (sa->n != sb->n)
		violated("second build differs");
	for (unsigned i = 0; i < sa->n; i++)
		if (memcmp(sa->fn[i].cfg, sb->fn[i].cfg, sizeof(sa->fn[i].cfg)) != 0)
			violated("second run left different config space");
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pci_fuzz_one(data, size);
}
#endif
