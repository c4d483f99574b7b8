/*
 * Fuzz target: the capability walkers (and the MSI-X / virtio probes that consume their
 * result) over an arbitrary 4 KiB config space. Built two ways:
 *   - with clang -fsanitize=fuzzer,address -DVMFW_LIBFUZZER=1: LLVMFuzzerTestOneInput;
 *   - into the cmocka test tests/fuzz/cap-fuzz-test.c, which feeds crafted inputs.
 * "No unbounded loop" is checked by counting config accesses, not by time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap-fuzz.h"
#include "../cap/fakecfg.h"	/* struct fake_cfg */
#include "pci_cap.h"		/* pci_cap_walk, pci_cap_report */
#include "pci_regs.h"		/* PCI_CAP_ID_MSIX, PCI_BASE_ADDRESS_0 */
#include "msix.h"		/* msix_probe, msix_setup, msix_handoff */
#include "virtio.h"		/* virtio_pci_probe */
#include "log.h"		/* log_set_level */
#include "test-console.h"	/* test_console_reset */

#define BDF PCI_BDF(0, 1, 0)

/* Upper bound of config reads for one walk of both lists. */
#define MAX_WALK_READS (2 + 2 * (PCI_CAP_STD_MAX_STEPS + 1) + PCI_CAP_EXT_MAX_STEPS + 1)

static void violated(const char *what, unsigned a, unsigned b)
{
	fprintf(stderr, "cap-fuzz invariant violated: %s (0x%x, 0x%x)\n", what, a, b);
	abort();
}

static void check_list(const struct pci_cap_list *l, bool ext_space)
{
	uint8_t seen[CAP_FUZZ_CFG_SIZE / 4] = { 0 };

	if (l->n_std > PCI_CAP_STD_MAX || l->n_ext > PCI_CAP_EXT_MAX)
		violated("list sizes", l->n_std, l->n_ext);
	if (l->std_cut > PCI_CAP_CUT_FULL || l->ext_cut > PCI_CAP_CUT_FULL)
		violated("cut reason", l->std_cut, l->ext_cut);
	if (!ext_space && (l->n_ext || l->ext_walked || l->ext_cut))
		violated("extended list on a 256-byte space", l->n_ext, l->ext_cut);
	for (unsigned i = 0; i < l->n_std; i++) {
		unsigned off = l->std[i].off;
		if (off < 0x40 || off > 0xfc || (off & 3) || l->std[i].ext || l->std[i].id == 0xff)
			violated("standard capability", off, l->std[i].id);
		if (seen[off / 4]++)
			violated("standard capability listed twice", off, i);
	}
	for (unsigned i = 0; i < l->n_ext; i++) {
		unsigned off = l->ext[i].off;
		if (off < 0x100 || off > 0xffc || (off & 3) || !l->ext[i].ext)
			violated("extended capability", off, l->ext[i].id);
		if (seen[off / 4]++)
			violated("extended capability listed twice", off, i);
	}
}

/* MMIO for the MSI-X table: every access must stay inside the validated table or PBA. */
static const struct msix_dev *cur;
static unsigned mmio_ops_count;

static void mmio_check(uint64_t a, unsigned n)
{
	uint64_t t = cur->table, tl = (uint64_t)cur->table_size * PCI_MSIX_ENTRY_SIZE;
	mmio_ops_count++;
	if (!(a >= t && a + n <= t + tl))
		violated("MSI-X access outside the table", (unsigned)a, n);
}
static uint8_t m_r8(void *c, uint64_t a) { mmio_check(a, 1); return 0; }
static uint16_t m_r16(void *c, uint64_t a) { mmio_check(a, 2); return 0; }
static uint32_t m_r32(void *c, uint64_t a) { mmio_check(a, 4); return 0; }
static void m_w8(void *c, uint64_t a, uint8_t v) { mmio_check(a, 1); }
static void m_w16(void *c, uint64_t a, uint16_t v) { mmio_check(a, 2); }
static void m_w32(void *c, uint64_t a, uint32_t v) { mmio_check(a, 4); }
static const struct mmio_ops fuzz_mmio = {
	.read8 = m_r8, .read16 = m_r16, .read32 = m_r32, .write8 = m_w8, .write16 = m_w16, .write32 = m_w32,
};

/* BAR resources from the BAR registers' bytes: size, type and "assigned" all fuzzed. */
static void make_bars(const struct fake_cfg *f, struct pci_bar_res bars[PCI_BAR_RES_COUNT])
{
	for (unsigned i = 0; i < PCI_BAR_RES_COUNT; i++) {
		const uint8_t *r = &f->space[PCI_BASE_ADDRESS_0 + 4 * i];
		bars[i].is_mem = !(r[0] & 1);
		bars[i].assigned = (r[0] & 2) != 0;
		bars[i].size = 1ull << (r[1] % 40);
		bars[i].base = (uint64_t)r[2] << 32 | (uint64_t)r[3] << 24;
	}
}

struct cap_fuzz_stats cap_fuzz_stats;
static struct fake_cfg f;
static struct pci_cap_list a, b;

int cap_fuzz_one(const uint8_t *data, size_t size)
{
	struct pci_bar_res bars[PCI_BAR_RES_COUNT];

	test_console_reset();
	log_set_level(LOG_WARN);

	/* ECAM view: both lists. */
	fake_cfg_init(&f, BDF, 4096);
	if (size)
		memcpy(f.space, data, size < sizeof(f.space) ? size : sizeof(f.space));
	pci_cap_walk(&f.ops, BDF, &a);
	if (f.reads > MAX_WALK_READS)
		violated("walk not bounded", f.reads, MAX_WALK_READS);
	if (f.writes)
		violated("walk wrote config space", f.writes, 0);
	check_list(&a, true);
	cap_fuzz_stats.inputs++;
	cap_fuzz_stats.std_caps += a.n_std;
	cap_fuzz_stats.ext_caps += a.n_ext;
	cap_fuzz_stats.std_cuts += a.std_cut != PCI_CAP_CUT_NONE;
	cap_fuzz_stats.ext_cuts += a.ext_cut != PCI_CAP_CUT_NONE;
	pci_cap_walk(&f.ops, BDF, &b);
	if (memcmp(&a, &b, sizeof(a)) != 0)
		violated("walk not deterministic", a.n_std, a.n_ext);
	pci_cap_report(BDF, &a);

	/* MSI-X on every MSI-X capability; a successful probe must name an in-BAR table. */
	make_bars(&f, bars);
	for (unsigned i = 0; i < a.n_std; i++) {
		struct msix_dev m;
		if (a.std[i].id != PCI_CAP_ID_MSIX)
			continue;
		if (msix_probe(&f.ops, BDF, a.std[i].off, bars, &m) != 0) {
			cap_fuzz_stats.msix_rejected++;
			continue;
		}
		cap_fuzz_stats.msix_ok++;
		const struct pci_bar_res *tb = &bars[m.table_bir];
		if (!tb->assigned || !tb->is_mem || m.table < tb->base ||
		    m.table + (uint64_t)m.table_size * 16 > tb->base + tb->size)
			violated("MSI-X table accepted outside its BAR", m.table_bir, m.table_off);
		cur = &m;
		mmio_ops_count = 0;
		msix_setup(&f.ops, &fuzz_mmio, &m, 0, 0x40);
		msix_handoff(&f.ops, &fuzz_mmio, &m);
		if (pci_read16(&f.ops, BDF, m.cap + PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_ENABLE)
			violated("MSI-X left enabled after handoff", m.cap, 0);
		if (mmio_ops_count > 16u * m.table_size)
			violated("MSI-X programming not bounded", mmio_ops_count, m.table_size);
		cur = NULL;
	}
	struct virtio_pci_dev vd;
	if (virtio_pci_probe(&f.ops, BDF, &a, bars, &vd) == 0)
		cap_fuzz_stats.virtio_ok++;

	/* CF8 view of the same bytes: the extended space must not even be read. */
	fake_cfg_init(&f, BDF, 256);
	if (size)
		memcpy(f.space, data, size < sizeof(f.space) ? size : sizeof(f.space));
	pci_cap_walk(&f.ops, BDF, &a);
	if (f.reads_ext)
		violated("extended space read on a 256-byte space", f.reads_ext, 0);
	check_list(&a, false);
	return 0;
}

#ifdef VMFW_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return cap_fuzz_one(data, size);
}
#endif
