/* Inventory records: a small JSON-lines writer with automatic commas and escaping. */
#include "inventory.h"	/* inv_* */
#include "format.h"	/* fmt_snprintf */
#include "console.h"	/* console_write_inventory */

#define INV_DEPTH 8

static char line[INV_LINE_MAX];
static size_t len;
static bool overflow;
static bool open_rec;
static bool closed;
static int depth;
static bool need_comma[INV_DEPTH];
static char closer[INV_DEPTH];
static char rec_type[32];
static inv_sink_fn sink = console_write_inventory;

void inv_set_sink(inv_sink_fn fn)
{
	sink = fn;
	closed = false;
}

bool inv_closed(void)
{
	return closed;
}

static void close_nested(void);

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void raw(const char *s, size_t n)
{
	/* Keep room for closing brackets so a cut record can still be closed. */
	if (overflow || len + n + INV_DEPTH + 2 >= sizeof(line)) {
		overflow = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		line[len++] = s[i];
}

static void raw_str(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	raw(s, n);
}

static void quoted(const char *s)
{
	raw("\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			raw(esc, 2);
		} else if (c < 0x20 || c >= 0x7f) {
			/* Only ASCII leaves the firmware: anything else is shown as a \u escape. */
			int n = fmt_snprintf(esc, sizeof(esc), "\\u%04x", c);
			raw(esc, (size_t)n);
		} else {
			raw((const char *)&c, 1);
		}
	}
	raw("\"", 1);
}

static void key(const char *k)
{
	if (need_comma[depth])
		raw(",", 1);
	need_comma[depth] = true;
	if (k) {
		quoted(k);
		raw(":", 1);
	}
}

void inv_begin(const char *type)
{
	if (open_rec)
		inv_end();
	len = 0;
	overflow = false;
	open_rec = true;
	depth = 0;
	need_comma[0] = false;
	size_t i = 0;
	for (; type[i] && i < sizeof(rec_type) - 1; i++)
		rec_type[i] = type[i];
	rec_type[i] = '\0';
	raw("{", 1);
	inv_str("type", type);
}

void inv_end(void)
{
	if (!open_rec)
		return;
	open_rec = false;
	if (overflow) {
		len = 0;
		overflow = false;
		depth = 0;
		need_comma[0] = false;
		raw("{", 1);
		inv_str("type", rec_type);
		inv_bool("truncated", true);
	} else {
		while (depth > 0)
			close_nested();	/* unbalanced: close whatever is open */
	}
	line[len++] = '}';	/* raw() kept room for this */
	line[len++] = '\n';
	if (closed)
		return;
	if (sink)
		sink(line, len);
	if (streq(rec_type, "done") || streq(rec_type, "panic"))
		closed = true;
}

void inv_str(const char *k, const char *val)
{
	key(k);
	quoted(val);
}

void inv_hex(const char *k, uint64_t val)
{
	char b[24];
	key(k);
	raw(b, (size_t)fmt_snprintf(b, sizeof(b), "\"0x%llx\"", (unsigned long long)val));
}

void inv_u64(const char *k, uint64_t val)
{
	char b[24];
	key(k);
	raw(b, (size_t)fmt_snprintf(b, sizeof(b), "%llu", (unsigned long long)val));
}

void inv_i64(const char *k, int64_t val)
{
	char b[24];
	key(k);
	raw(b, (size_t)fmt_snprintf(b, sizeof(b), "%lld", (long long)val));
}

void inv_bool(const char *k, bool val)
{
	key(k);
	raw_str(val ? "true" : "false");
}

void inv_bdf(const char *k, uint16_t bdf)
{
	char b[16];
	fmt_snprintf(b, sizeof(b), "%02x:%02x.%x", bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7);
	inv_str(k, b);
}

static void open_nested(const char *k, char open, char close)
{
	key(k);
	raw(&open, 1);
	if (depth + 1 < INV_DEPTH) {
		depth++;
		need_comma[depth] = false;
		closer[depth] = close;
	} else {
		overflow = true;
	}
}

static void close_nested(void)
{
	if (depth == 0)
		return;
	/* raw() keeps INV_DEPTH bytes free, so closers always fit. */
	line[len++] = closer[depth];
	depth--;
}

void inv_array_begin(const char *k) { open_nested(k, '[', ']'); }
void inv_array_end(void) { close_nested(); }
void inv_object_begin(const char *k) { open_nested(k, '{', '}'); }
void inv_object_end(void) { close_nested(); }
