/* Inventory: machine-readable JSON lines describing what the firmware saw and did. */
#ifndef VMFW_INVENTORY_H
#define VMFW_INVENTORY_H

#include <stdbool.h>	/* bool */
#include <stdint.h>	/* uint64_t */
#include <stddef.h>	/* size_t */

/*
 * One record = one line: {"type":"pci","bdf":"00:02.0",...}\n
 * Usage:
 *   inv_begin("pci");
 *   inv_bdf("bdf", bdf);             "bdf":"00:02.0"
 *   inv_hex("vendor", 0x1af4);       "vendor":"0x1af4"
 *   inv_array_begin("bars");         "bars":[
 *     inv_object_begin(NULL);        {
 *     inv_u64("index", 0);           "index":0
 *     inv_object_end();              }
 *   inv_array_end();                 ]
 *   inv_end();                       }\n   (written to the sink in one piece)
 * Commas are inserted automatically. Strings are JSON-escaped. A record longer than
 * INV_LINE_MAX is cut and closed as {"type":"...","truncated":true}, never emitted as broken JSON.
 * Addresses and sizes are hex strings; counts are plain numbers.
 */
#define INV_LINE_MAX 4096

typedef void (*inv_sink_fn)(const char *line, size_t len);
void inv_set_sink(inv_sink_fn sink);

void inv_begin(const char *type);
void inv_end(void);
void inv_str(const char *key, const char *val);
void inv_hex(const char *key, uint64_t val);
void inv_u64(const char *key, uint64_t val);
void inv_i64(const char *key, int64_t val);
void inv_bool(const char *key, bool val);
void inv_bdf(const char *key, uint16_t bdf);
void inv_array_begin(const char *key);	/* key NULL inside an array */
void inv_array_end(void);
void inv_object_begin(const char *key);	/* key NULL inside an array */
void inv_object_end(void);

/* True once a terminal record ("done" or "panic") was written; later records are dropped. */
bool inv_closed(void);

#endif
