/* Leveled logging for vmfw: one entry point, levels compiled out above LOG_LEVEL_MAX. */
#ifndef VMFW_LOG_H
#define VMFW_LOG_H

#include <stdarg.h>	/* va_list */

/*
 * Levels (lower is more important). Each line is prefixed with the level tag.
 *   LOG_EMERG 0  "EMERG"  the firmware is about to stop:       panic: no etc/e820 and strict=1
 *   LOG_ERR   1  "ERROR"  something failed; a safe result was chosen: 00:03.0 BAR2 sizing nonsense, left unassigned
 *   LOG_WARN  2  "WARN "  unexpected input, handled:           fw_cfg: opt/vmfw/machine-type truncated to 63 bytes
 *   LOG_INFO  3  "INFO "  one line per step a user cares about: pci: 7 functions, 1 bridge
 *   LOG_DEBUG 4  "DEBUG"  register writes and decisions:        00:02.0 BAR0 <- 0xfebf0000
 *   LOG_SPEW  5  "SPEW "  per-access detail:                    fw_cfg: select 0x0019
 * Build setting: LOG_LEVEL_MAX (make LOG_LEVEL=N); calls above it are compiled out.
 * Runtime: the console shows levels <= the runtime level (default LOG_INFO, fw_cfg opt/vmfw/loglevel).
 */
#define LOG_EMERG 0
#define LOG_ERR   1
#define LOG_WARN  2
#define LOG_INFO  3
#define LOG_DEBUG 4
#define LOG_SPEW  5

#ifndef LOG_LEVEL_MAX
#define LOG_LEVEL_MAX LOG_DEBUG
#endif

void log_printf(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vprintf(int level, const char *fmt, va_list ap);
void log_set_level(int level);
int log_get_level(void);

#define log_msg(lvl, ...) \
	do { if ((lvl) <= LOG_LEVEL_MAX) log_printf((lvl), __VA_ARGS__); } while (0)
#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_spew(...)  log_msg(LOG_SPEW, __VA_ARGS__)

/*
 * The single fatal path. Prints the reason at EMERG on every console, writes the
 * {"type":"panic"} inventory record, notifies the host (pvpanic) and halts.
 * In host unit tests a stub records the call and longjmps back to the test.
 */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Stage names used in panic records ("early", "fwcfg", "memory", "pci", "acpi", "boot", ...). */
void die_set_stage(const char *stage);

#endif
