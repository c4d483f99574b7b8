/* Bounded capability walks (standard and extended lists), lookup and inventory. */
#include "pci_cap.h"	/* pci_cap_*, struct pci_cap_list, struct pci_bar_res */
#include "pci_regs.h"	/* PCI_STATUS, PCI_CAPABILITY_LIST, PCI_CAP_ID_*, PCI_EXT_CAP_* */
#include "log.h"	/* log_warn, log_debug */
#include "inventory.h"	/* inv_* */
#include "format.h"	/* fmt_snprintf */
#include "util.h"	/* ARRAY_SIZE, memset */

/* Visited dwords of the whole 4 KiB config space: one bit per dword (loop detection). */
struct visited {
	uint32_t bits[PCI_CFG_SPACE_EXP_SIZE / 4 / 32];
};

/* Marks dword `off` visited; returns true when it already was. */
static bool visit(struct visited *v, uint16_t off)
{
	unsigned dw = (off & (PCI_CFG_SPACE_EXP_SIZE - 1)) / 4;
	uint32_t bit = 1u << (dw % 32);
	bool seen = (v->bits[dw / 32] & bit) != 0;
	v->bits[dw / 32] |= bit;
	return seen;
}

struct name_row {
	uint16_t id;
	const char *name;
};

static const struct name_row std_names[] = {
	{ PCI_CAP_ID_PM, "pm" },	{ PCI_CAP_ID_AGP, "agp" },
	{ PCI_CAP_ID_VPD, "vpd" },	{ PCI_CAP_ID_SLOTID, "slotid" },
	{ PCI_CAP_ID_MSI, "msi" },	{ PCI_CAP_ID_CHSWP, "chswp" },
	{ PCI_CAP_ID_PCIX, "pcix" },	{ PCI_CAP_ID_HT, "ht" },
	{ PCI_CAP_ID_VNDR, "vndr" },	{ PCI_CAP_ID_DBG, "dbg" },
	{ PCI_CAP_ID_CCRC, "ccrc" },	{ PCI_CAP_ID_SHPC, "shpc" },
	{ PCI_CAP_ID_SSVID, "ssvid" },	{ PCI_CAP_ID_AGP3, "agp3" },
	{ PCI_CAP_ID_SECDEV, "secdev" },{ PCI_CAP_ID_EXP, "exp" },
	{ PCI_CAP_ID_MSIX, "msix" },	{ PCI_CAP_ID_SATA, "sata" },
	{ PCI_CAP_ID_AF, "af" },	{ PCI_CAP_ID_EA, "ea" },
};

static const struct name_row ext_names[] = {
	{ PCI_EXT_CAP_ID_ERR, "aer" },	{ PCI_EXT_CAP_ID_VC, "vc" },
	{ PCI_EXT_CAP_ID_DSN, "dsn" },	{ PCI_EXT_CAP_ID_PWR, "pwr" },
	{ PCI_EXT_CAP_ID_VNDR, "vndr" },{ PCI_EXT_CAP_ID_ACS, "acs" },
	{ PCI_EXT_CAP_ID_ARI, "ari" },	{ PCI_EXT_CAP_ID_ATS, "ats" },
	{ PCI_EXT_CAP_ID_SRIOV, "sriov" },{ PCI_EXT_CAP_ID_LTR, "ltr" },
	{ PCI_EXT_CAP_ID_SECPCI, "secpci" },{ PCI_EXT_CAP_ID_PASID, "pasid" },
	{ PCI_EXT_CAP_ID_DVSEC, "dvsec" },
};

const char *pci_cap_name(uint16_t id, bool ext)
{
	const struct name_row *t = ext ? ext_names : std_names;
	size_t n = ext ? ARRAY_SIZE(ext_names) : ARRAY_SIZE(std_names);

	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return "unknown";
}

static const char *const cut_names[] = {
	[PCI_CAP_CUT_NONE] = "",
	[PCI_CAP_CUT_LOOP] = "loop",
	[PCI_CAP_CUT_STEPS] = "too many steps",
	[PCI_CAP_CUT_HEADER] = "pointer into header",
	[PCI_CAP_CUT_ID_FF] = "id 0xff",
	[PCI_CAP_CUT_EXT_ZERO] = "zero header",
	[PCI_CAP_CUT_EXT_ONES] = "all-ones header",
	[PCI_CAP_CUT_FULL] = "list full",
};

const char *pci_cap_cut_str(enum pci_cap_cut cut)
{
	if ((unsigned)cut >= ARRAY_SIZE(cut_names))
		return "?";
	return cut_names[cut];
}

static void cut_short(uint16_t bdf, bool ext, enum pci_cap_cut why, uint16_t at,
		      uint8_t *cut, uint16_t *cut_at)
{
	*cut = (uint8_t)why;
	*cut_at = at;
	log_warn("%02x:%02x.%x: capability list cut short: %s%s at 0x%x",
		 PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf), ext ? "extended list: " : "",
		 pci_cap_cut_str(why), at);
}

/* Standard list (PCI Local Bus 3.0, 6.7): 8-bit ID, 8-bit next pointer, dword aligned. */
static int walk_std(const struct pci_cfg_ops *cfg, uint16_t bdf, struct pci_cap_list *out,
		    struct visited *seen, pci_cap_fn fn, void *arg)
{
	if (!(pci_read16(cfg, bdf, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;

	uint8_t ptr = pci_read8(cfg, bdf, PCI_CAPABILITY_LIST);
	enum pci_cap_cut why = PCI_CAP_CUT_NONE;
	unsigned steps = 0;

	while (ptr != 0) {
		/* The low two bits are reserved (PCI 3.0, 6.7); real devices have set them. */
		if (ptr & 3)
			log_debug("%02x:%02x.%x: capability pointer 0x%x not dword aligned",
				  PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf), ptr);
		ptr &= (uint8_t)~3u;
		if (ptr < PCI_STD_HEADER_SIZEOF) {
			why = PCI_CAP_CUT_HEADER;
			break;
		}
		if (visit(seen, ptr)) {
			why = PCI_CAP_CUT_LOOP;
			break;
		}
		if (steps++ >= PCI_CAP_STD_MAX_STEPS) {
			why = PCI_CAP_CUT_STEPS;
			break;
		}
		uint8_t id = pci_read8(cfg, bdf, ptr + PCI_CAP_LIST_ID);
		if (id == 0xff) {
			why = PCI_CAP_CUT_ID_FF;
			break;
		}
		if (out->n_std >= PCI_CAP_STD_MAX) {
			why = PCI_CAP_CUT_FULL;
			break;
		}
		struct pci_cap *c = &out->std[out->n_std++];
		c->off = ptr;
		c->id = id;
		c->version = 0;
		c->ext = false;
		if (fn)
			fn(arg, bdf, c);
		ptr = pci_read8(cfg, bdf, ptr + PCI_CAP_LIST_NEXT);
	}
	if (why != PCI_CAP_CUT_NONE)
		cut_short(bdf, false, why, ptr, &out->std_cut, &out->std_cut_at);
	return out->n_std;
}

/* Extended list (PCIe Base 4.0, 7.6): 32-bit header at 0x100: ID[15:0] ver[19:16] next[31:20]. */
static int walk_ext(const struct pci_cfg_ops *cfg, uint16_t bdf, struct pci_cap_list *out,
		    struct visited *seen, pci_cap_fn fn, void *arg)
{
	if (cfg->cfg_size < PCI_CFG_SPACE_EXP_SIZE)
		return 0;
	out->ext_walked = true;

	uint16_t off = PCI_CFG_SPACE_SIZE;
	enum pci_cap_cut why = PCI_CAP_CUT_NONE;
	unsigned steps = 0;

	for (;;) {
		bool first = off == PCI_CFG_SPACE_SIZE && steps == 0;
		if (off < PCI_CFG_SPACE_SIZE) {
			why = PCI_CAP_CUT_HEADER;
			break;
		}
		if (visit(seen, off)) {
			why = PCI_CAP_CUT_LOOP;
			break;
		}
		if (steps++ >= PCI_CAP_EXT_MAX_STEPS) {
			why = PCI_CAP_CUT_STEPS;
			break;
		}
		uint32_t hdr = pci_read32(cfg, bdf, off);
		/*
		 * At 0x100 both values mean "no extended capabilities": a conventional function
		 * behind ECAM reads all-ones there (QEMU, and PCIe-to-PCI bridges), a PCIe
		 * function without any reads 0 (PCIe Base 4.0, 7.6.2).
		 */
		if (hdr == 0) {
			if (!first)
				why = PCI_CAP_CUT_EXT_ZERO;
			break;
		}
		if (hdr == 0xffffffffu) {
			if (!first)
				why = PCI_CAP_CUT_EXT_ONES;
			break;
		}
		if (out->n_ext >= PCI_CAP_EXT_MAX) {
			why = PCI_CAP_CUT_FULL;
			break;
		}
		struct pci_cap *c = &out->ext[out->n_ext++];
		c->off = off;
		c->id = (uint16_t)PCI_EXT_CAP_ID(hdr);
		c->version = (uint8_t)PCI_EXT_CAP_VER(hdr);
		c->ext = true;
		if (fn)
			fn(arg, bdf, c);
		off = (uint16_t)PCI_EXT_CAP_NEXT(hdr);	/* already dword aligned by the mask */
		if (off == 0)
			break;
	}
	if (why != PCI_CAP_CUT_NONE)
		cut_short(bdf, true, why, off, &out->ext_cut, &out->ext_cut_at);
	return out->n_ext;
}

int pci_cap_walk_cb(const struct pci_cfg_ops *cfg, uint16_t bdf, struct pci_cap_list *out,
		    pci_cap_fn fn, void *arg)
{
	struct visited seen;

	memset(out, 0, sizeof(*out));
	memset(&seen, 0, sizeof(seen));
	walk_std(cfg, bdf, out, &seen, fn, arg);
	walk_ext(cfg, bdf, out, &seen, fn, arg);
	return out->n_std + out->n_ext;
}

uint16_t pci_cap_find_next(const struct pci_cap_list *list, uint8_t id, uint16_t after)
{
	for (unsigned i = 0; i < list->n_std; i++) {
		if (list->std[i].id != id)
			continue;
		if (after == 0)
			return list->std[i].off;
		if (list->std[i].off == after)
			after = 0;	/* the next match in list order is the answer */
	}
	return 0;
}

uint16_t pci_cap_find(const struct pci_cap_list *list, uint8_t id)
{
	return pci_cap_find_next(list, id, 0);
}

uint16_t pci_cap_find_ext(const struct pci_cap_list *list, uint16_t ext_id)
{
	for (unsigned i = 0; i < list->n_ext; i++)
		if (list->ext[i].id == ext_id)
			return list->ext[i].off;
	return 0;
}

static void report_cut(const char *key, uint8_t cut, uint16_t at)
{
	char b[48];

	if (cut == PCI_CAP_CUT_NONE)
		return;
	fmt_snprintf(b, sizeof(b), "%s at 0x%x", pci_cap_cut_str((enum pci_cap_cut)cut), at);
	inv_str(key, b);
}

void pci_cap_report(uint16_t bdf, const struct pci_cap_list *list)
{
	inv_begin("capability");
	inv_bdf("bdf", bdf);
	inv_array_begin("caps");
	for (unsigned i = 0; i < list->n_std; i++) {
		inv_object_begin(NULL);
		inv_hex("id", list->std[i].id);
		inv_str("name", pci_cap_name(list->std[i].id, false));
		inv_hex("off", list->std[i].off);
		inv_object_end();
	}
	inv_array_end();
	if (list->ext_walked) {
		inv_array_begin("ext");
		for (unsigned i = 0; i < list->n_ext; i++) {
			inv_object_begin(NULL);
			inv_hex("id", list->ext[i].id);
			inv_str("name", pci_cap_name(list->ext[i].id, true));
			inv_hex("off", list->ext[i].off);
			inv_u64("ver", list->ext[i].version);
			inv_object_end();
		}
		inv_array_end();
	}
	report_cut("cut", list->std_cut, list->std_cut_at);
	report_cut("ext_cut", list->ext_cut, list->ext_cut_at);
	inv_end();
}

const char *pci_bar_res_range(const struct pci_bar_res bars[PCI_BAR_RES_COUNT], unsigned bir,
			      uint64_t off, uint64_t len, uint64_t *addr)
{
	if (bir >= PCI_BAR_RES_COUNT)
		return "BIR out of range";	/* BIR 6 and 7 are reserved (PCI 3.0, 6.8.2.4) */
	const struct pci_bar_res *b = &bars[bir];
	if (!b->assigned)
		return "BAR unassigned";
	if (!b->is_mem)
		return "I/O BAR";
	/* off and len come from 32-bit fields: no overflow in 64-bit arithmetic. */
	if (len > b->size || off > b->size - len)
		return "outside BAR";
	*addr = b->base + off;
	return 0;
}
