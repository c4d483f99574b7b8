/* e820 map editing: sorted, non-overlapping entries; set/remove ranges; top-down allocation. */
#include "e820.h"	/* e820_* */
#include "log.h"	/* log_* */
#include "inventory.h"	/* inv_* */
#include "util.h"	/* le64, le32, ALIGN_DOWN */

void e820_init(struct e820_map *m)
{
	m->n = 0;
	m->overflow = false;
}

const char *e820_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM: return "ram";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "acpi";
	case E820_NVS: return "nvs";
	case E820_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

bool e820_set(struct e820_map *m, uint64_t addr, uint64_t size, uint32_t type)
{
	/* At most one old entry straddles both ends, so n <= m->n + 2. Static: keeps the stack small. */
	static struct e820_entry out[E820_MAX + 3];
	unsigned n = 0;
	uint64_t end = addr + size;

	if (!size)
		return true;
	if (end < addr)	/* wraps: clamp to the top of the address space */
		end = ~0ull;
	/* Every old entry keeps the parts of it outside [addr, end). */
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		uint64_t eend = e->addr + e->size;
		if (eend <= addr || e->addr >= end) {
			out[n++] = *e;
			continue;
		}
		if (e->addr < addr)
			out[n++] = (struct e820_entry){ e->addr, addr - e->addr, e->type };
		if (eend > end)
			out[n++] = (struct e820_entry){ end, eend - end, e->type };
	}
	if (type != E820_HOLE)
		out[n++] = (struct e820_entry){ addr, end - addr, type };
	/* Insertion sort by address (the pieces never overlap). */
	for (unsigned i = 1; i < n; i++) {
		struct e820_entry t = out[i];
		unsigned j = i;
		for (; j > 0 && out[j - 1].addr > t.addr; j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
	/* Merge adjacent entries of the same type. */
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		if (k && out[k - 1].type == out[i].type && out[k - 1].addr + out[k - 1].size == out[i].addr)
			out[k - 1].size += out[i].size;
		else
			out[k++] = out[i];
	}
	if (k > E820_MAX) {
		if (!m->overflow)
			log_err("e820: more than %u entries; 0x%llx+0x%llx (%s) not applied", E820_MAX,
				(unsigned long long)addr, (unsigned long long)size, e820_type_name(type));
		m->overflow = true;
		return false;
	}
	memcpy(m->e, out, k * sizeof(out[0]));
	m->n = k;
	return true;
}

int e820_parse_fwcfg(struct e820_map *m, const uint8_t *blob, size_t len)
{
	int applied = 0;
	size_t nrec = len / 20;

	if (len % 20)
		log_warn("e820: etc/e820 is %zu bytes, not a multiple of 20; ignoring the last %zu",
			 len, len % 20);
	for (size_t i = 0; i < nrec; i++) {
		const uint8_t *r = blob + i * 20;
		uint64_t addr = le64(r), size = le64(r + 8);
		uint32_t type = le32(r + 16);
		if (!size) {
			log_warn("e820: entry %zu has zero length; ignored", i);
			continue;
		}
		if (addr + size < addr) {
			log_warn("e820: entry %zu wraps the address space; ignored", i);
			continue;
		}
		if (type < E820_RAM || type > E820_UNUSABLE) {
			log_warn("e820: entry %zu has unknown type %u; treated as reserved", i, type);
			type = E820_RESERVED;
		}
		if (e820_set(m, addr, size, type))
			applied++;
	}
	return applied;
}

void e820_from_cmos(struct e820_map *m, uint16_t ext_kb, uint16_t above16m_64k, uint32_t above4g_64k)
{
	uint64_t low_end;

	if (above16m_64k)
		low_end = (16ull << 20) + ((uint64_t)above16m_64k << 16);
	else
		low_end = (1ull << 20) + ((uint64_t)ext_kb << 10);
	e820_set(m, 0, low_end, E820_RAM);
	if (above4g_64k)
		e820_set(m, 1ull << 32, (uint64_t)above4g_64k << 16, E820_RAM);
}

uint64_t e820_alloc_top(struct e820_map *m, uint64_t size, uint64_t align, uint64_t below, uint32_t type)
{
	if (!size || !IS_POW2(align))
		return 0;
	for (unsigned i = m->n; i-- > 0;) {
		const struct e820_entry *e = &m->e[i];
		if (e->type != E820_RAM || e->addr >= below)
			continue;
		uint64_t top = e->addr + e->size;
		if (top > below)
			top = below;
		if (top < size)
			continue;
		uint64_t a = ALIGN_DOWN(top - size, align);
		if (a < e->addr || a == 0)
			continue;
		if (!e820_set(m, a, size, type))
			return 0;
		return a;
	}
	return 0;
}

bool e820_is_ram(const struct e820_map *m, uint64_t addr, uint64_t size)
{
	uint64_t end = addr + size;
	if (end < addr)
		return false;
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		if (e->type == E820_RAM && e->addr <= addr && end <= e->addr + e->size)
			return true;
	}
	return false;
}

uint64_t e820_ram_end_below_4g(const struct e820_map *m)
{
	uint64_t best = 0;
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		uint64_t end = e->addr + e->size;
		if (e->type == E820_RAM && e->addr < (1ull << 32))
			best = MAX(best, MIN(end, 1ull << 32));
	}
	return best;
}

uint64_t e820_ram_end(const struct e820_map *m)
{
	uint64_t best = 0;
	for (unsigned i = 0; i < m->n; i++)
		if (m->e[i].type == E820_RAM)
			best = MAX(best, m->e[i].addr + m->e[i].size);
	return best;
}

uint64_t e820_ram_total(const struct e820_map *m)
{
	uint64_t t = 0;
	for (unsigned i = 0; i < m->n; i++)
		if (m->e[i].type == E820_RAM)
			t += m->e[i].size;
	return t;
}

void e820_report(const struct e820_map *m, const char *source)
{
	log_info("e820: %u entries from %s, %llu MiB RAM", m->n, source,
		 (unsigned long long)(e820_ram_total(m) >> 20));
	for (unsigned i = 0; i < m->n; i++) {
		const struct e820_entry *e = &m->e[i];
		log_info("e820: 0x%016llx-0x%016llx %s", (unsigned long long)e->addr,
			 (unsigned long long)(e->addr + e->size - 1), e820_type_name(e->type));
		inv_begin("memory");
		inv_hex("addr", e->addr);
		inv_hex("size", e->size);
		inv_str("kind", e820_type_name(e->type));
		inv_str("source", source);
		inv_end();
	}
}
