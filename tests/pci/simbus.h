/* A simulated PCI hierarchy for host tests: type-0/type-1 routing, write masks, BAR sizing. */
#ifndef VMFW_TEST_SIMBUS_H
#define VMFW_TEST_SIMBUS_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint*_t */
#include "hwops.h"	/* struct pci_cfg_ops, struct pio_ops, struct hw */

#define SIM_MAX_FNS	300

/*
 * Each function is a config space plus a per-byte write mask: a write changes only the
 * bits the mask allows, so BAR sizing, read-only registers and hardwired bus numbers
 * behave like hardware. Bus 0 holds the functions added with parent -1; bus N > 0 is
 * reached through the bridge whose secondary..subordinate range (as currently programmed)
 * covers N, exactly like type-1 forwarding. Absent functions read all-ones.
 */
struct sim_fn {
	uint8_t cfg[4096];
	uint8_t wmask[4096];
	int parent;		/* -1: bus 0; else index of the upstream bridge */
	uint8_t dev, fn;
	bool bridge;
	uint8_t next_cap;	/* where sim_cap puts the next capability */
	uint8_t last_cap;
	unsigned reads, writes;
};

struct sim_write {
	uint16_t bdf;		/* as addressed (bus number at the time) */
	uint16_t off;
	uint8_t width;
	uint32_t val;
};

struct simbus {
	struct sim_fn fn[SIM_MAX_FNS];
	unsigned n;
	struct pci_cfg_ops ops;
	struct pio_ops pio;
	struct hw hw;
	uint8_t elcr[2];	/* ports 0x4d0, 0x4d1 */
	struct sim_write *log;	/* every config write, in order */
	unsigned nlog, log_cap;
	unsigned reads, writes;
};

enum sim_bar_kind { SIM_IO, SIM_MEM32, SIM_MEM64 };

/* Bridge options for sim_add_bridge. */
#define SIM_BR_NO_IO	0x01	/* no I/O window */
#define SIM_BR_NO_PREF	0x02	/* no prefetchable window */
#define SIM_BR_PREF32	0x04	/* prefetchable window 32-bit only */
#define SIM_BR_IO32	0x08	/* 32-bit I/O addressing */

struct simbus *sim_new(uint16_t cfg_size);
void sim_free(struct simbus *s);
/* Clears access counters and the write log. */
void sim_reset_counters(struct simbus *s);

/* A type-0 function; returns its index. class24 = base << 16 | sub << 8 | prog-if. */
int sim_add(struct simbus *s, int parent, unsigned dev, unsigned fn, uint16_t vendor,
	    uint16_t device, uint32_t class24);
/* A type-1 bridge (class 0x060400); returns its index. */
int sim_add_bridge(struct simbus *s, int parent, unsigned dev, unsigned fn, uint16_t vendor,
		   uint16_t device, unsigned flags);
void sim_set_multifunction(struct simbus *s, int idx);
void sim_set_pin(struct simbus *s, int idx, uint8_t pin);
/* BAR `bar` decoding `size` bytes (a power of two). A 64-bit BAR also takes bar + 1. */
void sim_bar(struct simbus *s, int idx, int bar, enum sim_bar_kind kind, uint64_t size, bool pref);
/* A BAR whose writable bits are exactly wlo/whi and whose type bits are `type` (lying device). */
void sim_bar_raw(struct simbus *s, int idx, int bar, uint32_t type, uint32_t wlo);
void sim_rom(struct simbus *s, int idx, uint32_t size);
/* Appends a capability with `len` bytes (header included); returns its offset. */
uint8_t sim_cap(struct simbus *s, int idx, uint8_t id, uint8_t len);
/* PCI Express capability of the given port type; slot + hot-plug capable when hp. */
uint8_t sim_pcie_cap(struct simbus *s, int idx, uint8_t type, bool hp);
/* QEMU's resource-reserve capability; pass ~0 for "not set". */
uint8_t sim_reserve_cap(struct simbus *s, int idx, uint32_t bus, uint64_t io, uint32_t mem,
			uint32_t pref32, uint64_t pref64);

/* Raw access to a function's config space by index (no routing, not counted). */
uint32_t sim_peek(const struct simbus *s, int idx, uint16_t off, unsigned width);
void sim_poke(struct simbus *s, int idx, uint16_t off, unsigned width, uint32_t val);
/* Bus number a function currently answers on (-1 if unreachable). */
int sim_bus_of(const struct simbus *s, int idx);

#endif
