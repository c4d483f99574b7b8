/* Minimal virtio 1.0 PCI transport driving virtio-rng through one interrupt-driven request. */
#include "virtio.h"	/* virtio_*, VIRTIO_PCI_*, VRING_* */
#include "pci_regs.h"	/* PCI_CAP_ID_VNDR, PCI_COMMAND */
#include "msix.h"	/* msix_unmask, msix_mask */
#include "log.h"	/* log_err, log_warn, log_info, log_debug */
#include "util.h"	/* memset, memcpy, put_le*, le* */

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(b) PCI_BUS(b), PCI_SLOT(b), PCI_FUNC(b)

/* Reads of device_status after a reset before giving up (QEMU resets synchronously). */
#define VIRTIO_RESET_POLLS 100000

bool virtio_rng_match(uint16_t vendor, uint16_t device)
{
	return vendor == VIRTIO_PCI_VENDOR_ID &&
	       (device == VIRTIO_PCI_DEVICE_ID_RNG || device == VIRTIO_PCI_DEVICE_ID_RNG_TRANS);
}

int virtio_pci_probe(const struct pci_cfg_ops *cfg, uint16_t bdf, const struct pci_cap_list *caps,
		     const struct pci_bar_res bars[PCI_BAR_RES_COUNT], struct virtio_pci_dev *vd)
{
	bool have[VIRTIO_PCI_CAP_DEVICE_CFG + 1] = { false };

	memset(vd, 0, sizeof(*vd));
	vd->bdf = bdf;
	for (unsigned i = 0; i < caps->n_std; i++) {
		uint16_t off = caps->std[i].off;
		if (caps->std[i].id != PCI_CAP_ID_VNDR)
			continue;
		/* A capability must fit in the 256-byte standard space it is listed in. */
		if (off + VIRTIO_PCI_CAP_SIZEOF > PCI_CFG_SPACE_SIZE)
			continue;
		uint8_t type = pci_read8(cfg, bdf, off + VIRTIO_PCI_CAP_CFG_TYPE);
		uint8_t cap_len = pci_read8(cfg, bdf, off + VIRTIO_PCI_CAP_LEN);
		if (type < VIRTIO_PCI_CAP_COMMON_CFG || type > VIRTIO_PCI_CAP_DEVICE_CFG || have[type])
			continue;	/* PCI config access (5), vendor data, or a later duplicate */
		if (cap_len < VIRTIO_PCI_CAP_SIZEOF)
			continue;
		if (type == VIRTIO_PCI_CAP_NOTIFY_CFG &&
		    (cap_len < VIRTIO_PCI_NOTIFY_CAP_SIZEOF ||
		     off + VIRTIO_PCI_NOTIFY_CAP_SIZEOF > PCI_CFG_SPACE_SIZE))
			continue;
		uint8_t bar = pci_read8(cfg, bdf, off + VIRTIO_PCI_CAP_BAR);
		uint32_t roff = pci_read32(cfg, bdf, off + VIRTIO_PCI_CAP_OFFSET);
		uint32_t rlen = pci_read32(cfg, bdf, off + VIRTIO_PCI_CAP_LENGTH);
		uint32_t need = type == VIRTIO_PCI_CAP_COMMON_CFG ? VIRTIO_PCI_COMMON_SIZEOF :
				type == VIRTIO_PCI_CAP_NOTIFY_CFG ? 2 : 1;
		uint64_t addr;
		const char *why = rlen < need ? "region too short" :
				  pci_bar_res_range(bars, bar, roff, rlen, &addr);
		if (why) {
			/* Spec 4.1.4: the driver ignores a structure it cannot use and looks further. */
			log_warn(BDF_FMT ": virtio cap at 0x%x (type %u, BAR%u+0x%x len 0x%x): %s, ignored",
				 BDF_ARGS(bdf), off, type, bar, roff, rlen, why);
			continue;
		}
		have[type] = true;
		switch (type) {
		case VIRTIO_PCI_CAP_COMMON_CFG:
			vd->common = addr;
			break;
		case VIRTIO_PCI_CAP_NOTIFY_CFG:
			vd->notify = addr;
			vd->notify_len = rlen;
			vd->notify_mult = pci_read32(cfg, bdf, off + VIRTIO_PCI_NOTIFY_CAP_MULT);
			break;
		case VIRTIO_PCI_CAP_ISR_CFG:
			vd->isr = addr;
			break;
		default:
			vd->device = addr;
			break;
		}
	}
	if (!have[VIRTIO_PCI_CAP_COMMON_CFG] || !have[VIRTIO_PCI_CAP_NOTIFY_CFG] ||
	    !have[VIRTIO_PCI_CAP_ISR_CFG]) {
		log_info(BDF_FMT ": virtio: no usable modern capabilities (common %d notify %d isr %d), skipped",
			 BDF_ARGS(bdf), have[VIRTIO_PCI_CAP_COMMON_CFG],
			 have[VIRTIO_PCI_CAP_NOTIFY_CFG], have[VIRTIO_PCI_CAP_ISR_CFG]);
		return -1;
	}
	log_debug(BDF_FMT ": virtio common 0x%llx notify 0x%llx (x%u) isr 0x%llx", BDF_ARGS(bdf),
		  (unsigned long long)vd->common, (unsigned long long)vd->notify, vd->notify_mult,
		  (unsigned long long)vd->isr);
	return 0;
}

/* SAFETY: common-config registers are accessed with their natural width (spec 4.1.3.1). */
static uint8_t cr8(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg)
{ return io->mmio->read8(io->mmio->ctx, vd->common + reg); }
static uint16_t cr16(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg)
{ return io->mmio->read16(io->mmio->ctx, vd->common + reg); }
static uint32_t cr32(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg)
{ return io->mmio->read32(io->mmio->ctx, vd->common + reg); }
static void cw8(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg, uint8_t v)
{ io->mmio->write8(io->mmio->ctx, vd->common + reg, v); }
static void cw16(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg, uint16_t v)
{ io->mmio->write16(io->mmio->ctx, vd->common + reg, v); }
static void cw32(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg, uint32_t v)
{ io->mmio->write32(io->mmio->ctx, vd->common + reg, v); }
/* 64-bit fields are written as two dwords, low first (spec 4.1.3.1 allows it). */
static void cw64(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, unsigned reg, uint64_t v)
{
	cw32(io, vd, reg, (uint32_t)v);
	cw32(io, vd, reg + 4, (uint32_t)(v >> 32));
}

/* Writes 0 to device_status and waits until it reads back 0 (spec 4.1.4.3.2). */
static bool device_reset(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd)
{
	cw8(io, vd, VIRTIO_PCI_COMMON_STATUS, 0);
	for (unsigned i = 0; i < VIRTIO_RESET_POLLS; i++)
		if (cr8(io, vd, VIRTIO_PCI_COMMON_STATUS) == 0)
			return true;
	log_err(BDF_FMT ": virtio: device_status stays non-zero after reset", BDF_ARGS(vd->bdf));
	return false;
}

static void add_status(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, uint8_t bits)
{
	uint8_t s = cr8(io, vd, VIRTIO_PCI_COMMON_STATUS) | bits;
	log_debug(BDF_FMT ": virtio status <- 0x%02x", BDF_ARGS(vd->bdf), s);
	cw8(io, vd, VIRTIO_PCI_COMMON_STATUS, s);
}

/* Ring placement inside io->mem for a queue of qsz entries (spec 2.4: 16/2/4-byte alignment). */
struct ring {
	uint8_t *desc, *avail, *used, *buf;
	uint64_t desc_pa, avail_pa, used_pa, buf_pa;
};

static void ring_place(const struct virtio_rng_io *io, uint16_t qsz, struct ring *r)
{
	size_t avail_off = (size_t)VRING_DESC_SIZE * qsz;
	size_t used_off = ALIGN_UP(avail_off + VRING_AVAIL_RING + 2u * qsz + 2u, (size_t)4);
	uint8_t *base = io->mem;

	r->desc = base;
	r->avail = base + avail_off;
	r->used = base + used_off;
	r->buf = base + VIRTIO_RNG_BUF_OFF;
	r->desc_pa = io->mem_phys;
	r->avail_pa = io->mem_phys + avail_off;
	r->used_pa = io->mem_phys + used_off;
	r->buf_pa = io->mem_phys + VIRTIO_RNG_BUF_OFF;
}

/* Sets up queue 0; returns its size or 0 after logging why not. */
static uint16_t queue_setup(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd, struct ring *r)
{
	uint16_t bdf = vd->bdf;

	if (cr16(io, vd, VIRTIO_PCI_COMMON_NUMQ) < 1) {
		log_err(BDF_FMT ": virtio: device has no queues", BDF_ARGS(bdf));
		return 0;
	}
	cw16(io, vd, VIRTIO_PCI_COMMON_Q_SELECT, 0);
	uint16_t max = cr16(io, vd, VIRTIO_PCI_COMMON_Q_SIZE);
	if (max == 0) {
		log_err(BDF_FMT ": virtio: queue 0 not available", BDF_ARGS(bdf));
		return 0;
	}
	/* Split-ring sizes are powers of two (spec 2.4); take the largest one we have room for. */
	uint16_t qsz = VIRTIO_RNG_QUEUE_MAX;
	while (qsz > max)
		qsz >>= 1;
	if (!IS_POW2(max) && qsz == max)
		log_warn(BDF_FMT ": virtio: queue size %u is not a power of two", BDF_ARGS(bdf), max);
	cw16(io, vd, VIRTIO_PCI_COMMON_Q_SIZE, qsz);

	/* No configuration-change interrupts; the queue interrupt goes to our MSI-X entry. */
	cw16(io, vd, VIRTIO_PCI_COMMON_MSIX, VIRTIO_MSI_NO_VECTOR);
	cw16(io, vd, VIRTIO_PCI_COMMON_Q_MSIX, io->msix_entry);
	uint16_t vec = cr16(io, vd, VIRTIO_PCI_COMMON_Q_MSIX);
	if (vec != io->msix_entry) {
		/* 0xffff: the device could not map the vector (spec 4.1.4.3.3). */
		log_err(BDF_FMT ": virtio: queue 0 MSI-X vector %u refused (reads 0x%04x)",
			BDF_ARGS(bdf), io->msix_entry, vec);
		return 0;
	}

	ring_place(io, qsz, r);
	cw64(io, vd, VIRTIO_PCI_COMMON_Q_DESCLO, r->desc_pa);
	cw64(io, vd, VIRTIO_PCI_COMMON_Q_AVAILLO, r->avail_pa);
	cw64(io, vd, VIRTIO_PCI_COMMON_Q_USEDLO, r->used_pa);
	cw16(io, vd, VIRTIO_PCI_COMMON_Q_ENABLE, 1);
	log_debug(BDF_FMT ": virtio queue 0: %u entries, desc 0x%llx avail 0x%llx used 0x%llx, entry %u",
		  BDF_ARGS(bdf), qsz, (unsigned long long)r->desc_pa, (unsigned long long)r->avail_pa,
		  (unsigned long long)r->used_pa, io->msix_entry);
	return qsz;
}

/* Reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK (spec 3.1.1 steps 1-6). */
static bool negotiate(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd)
{
	uint16_t bdf = vd->bdf;

	if (!device_reset(io, vd))
		return false;
	add_status(io, vd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	add_status(io, vd, VIRTIO_CONFIG_S_DRIVER);

	cw32(io, vd, VIRTIO_PCI_COMMON_DFSELECT, 1);
	uint32_t hi = cr32(io, vd, VIRTIO_PCI_COMMON_DF);
	if (!(hi & (1u << (VIRTIO_F_VERSION_1 - 32)))) {
		log_err(BDF_FMT ": virtio: device does not offer VIRTIO_F_VERSION_1", BDF_ARGS(bdf));
		return false;
	}
	cw32(io, vd, VIRTIO_PCI_COMMON_GFSELECT, 0);
	cw32(io, vd, VIRTIO_PCI_COMMON_GF, 0);
	cw32(io, vd, VIRTIO_PCI_COMMON_GFSELECT, 1);
	cw32(io, vd, VIRTIO_PCI_COMMON_GF, 1u << (VIRTIO_F_VERSION_1 - 32));

	add_status(io, vd, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(cr8(io, vd, VIRTIO_PCI_COMMON_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		log_err(BDF_FMT ": virtio: FEATURES_OK not accepted", BDF_ARGS(bdf));
		return false;
	}
	return true;
}

static uint16_t ring_used_idx(const struct ring *r)
{
	return *(volatile const uint16_t *)(r->used + VRING_USED_IDX);
}

/* Posts one device-writable buffer, notifies, waits; returns bytes or -1. */
static int one_request(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd,
		       const struct ring *r, size_t len, bool *irq_seen)
{
	uint16_t bdf = vd->bdf;

	uint16_t noff = cr16(io, vd, VIRTIO_PCI_COMMON_Q_NOFF);
	uint64_t nrel = (uint64_t)noff * vd->notify_mult;
	if (nrel + 2 > vd->notify_len) {
		log_err(BDF_FMT ": virtio: notify offset 0x%llx outside the notify region (0x%x bytes)",
			BDF_ARGS(bdf), (unsigned long long)nrel, vd->notify_len);
		return -1;
	}

	put_le64(r->desc + VRING_DESC_ADDR, r->buf_pa);
	put_le32(r->desc + VRING_DESC_LEN, (uint32_t)len);
	put_le16(r->desc + VRING_DESC_FLAGS, VRING_DESC_F_WRITE);
	put_le16(r->desc + VRING_DESC_NEXT, 0);
	put_le16(r->avail + VRING_AVAIL_RING, 0);	/* head: descriptor 0 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* descriptor before index (spec 2.4.7) */
	put_le16(r->avail + VRING_AVAIL_IDX, 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* index before notify */

	msix_unmask(io->cfg, io->mmio, io->msix, io->msix_entry);
	/* SAFETY: a 16-bit write of the queue index to its notify address (spec 4.1.4.4). */
	io->mmio->write16(io->mmio->ctx, vd->notify + nrel, 0);
	bool irq = io->wait(io->wait_arg);
	msix_mask(io->cfg, io->mmio, io->msix, io->msix_entry);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (irq_seen)
		*irq_seen = irq;

	uint16_t used = ring_used_idx(r);
	if (!irq) {
		if (used == 1)
			log_err(BDF_FMT ": virtio-rng: request completed but no MSI-X interrupt arrived",
				BDF_ARGS(bdf));
		else
			log_err(BDF_FMT ": virtio-rng: no completion before the time limit", BDF_ARGS(bdf));
		return -1;
	}
	if (used != 1) {
		log_err(BDF_FMT ": virtio-rng: interrupt without a used entry (used idx %u)",
			BDF_ARGS(bdf), used);
		return -1;
	}
	uint32_t id = le32(r->used + VRING_USED_RING);
	uint32_t got = le32(r->used + VRING_USED_RING + 4);
	if (id != 0) {
		log_err(BDF_FMT ": virtio-rng: used entry names descriptor %u, posted 0", BDF_ARGS(bdf), id);
		return -1;
	}
	if (got > len) {
		log_warn(BDF_FMT ": virtio-rng: device reports %u bytes for a %u-byte buffer, using %u",
			 BDF_ARGS(bdf), got, (unsigned)len, (unsigned)len);
		got = (uint32_t)len;
	}
	return (int)got;
}

int virtio_rng_read(const struct virtio_rng_io *io, const struct virtio_pci_dev *vd,
		    uint8_t *out, size_t len, bool *irq_seen)
{
	uint16_t bdf = vd->bdf;
	struct ring r;
	int got = -1;

	if (irq_seen)
		*irq_seen = false;
	if (len == 0 || len > VIRTIO_RNG_BUF_MAX || (io->mem_phys & 15) || ((uintptr_t)io->mem & 15) ||
	    !io->msix || !io->msix->programmed || io->msix_entry >= io->msix->table_size) {
		log_err(BDF_FMT ": virtio-rng: bad request (len %u, ring 0x%llx, MSI-X %s)", BDF_ARGS(bdf),
			(unsigned)len, (unsigned long long)io->mem_phys,
			io->msix && io->msix->programmed ? "ready" : "not set up");
		return -1;
	}
	memset(io->mem, 0, VIRTIO_RNG_MEM_SIZE);

	/* The device writes the buffer and sends MSI-X messages: both are bus-master cycles. */
	uint16_t cmd = pci_read16(io->cfg, bdf, PCI_COMMAND);
	pci_write16(io->cfg, bdf, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);

	if (negotiate(io, vd) && queue_setup(io, vd, &r) != 0) {
		add_status(io, vd, VIRTIO_CONFIG_S_DRIVER_OK);
		got = one_request(io, vd, &r, len, irq_seen);
		if (got > 0)
			memcpy(out, r.buf, (size_t)got);
	} else {
		add_status(io, vd, VIRTIO_CONFIG_S_FAILED);
	}

	/* Leave the device as the OS driver expects to find it: reset, no bus mastering by us. */
	device_reset(io, vd);
	cmd = (uint16_t)((pci_read16(io->cfg, bdf, PCI_COMMAND) & ~PCI_COMMAND_MASTER) |
			 (cmd & PCI_COMMAND_MASTER));
	pci_write16(io->cfg, bdf, PCI_COMMAND, cmd);
	if (got >= 0)
		log_info(BDF_FMT ": virtio-rng: %d bytes of entropy, interrupt on MSI-X entry %u",
			 BDF_ARGS(bdf), got, io->msix_entry);
	return got;
}
