/* Leveled logging: formats one line and hands it to the consoles. */
#include "log.h"	/* log_printf, LOG_* */
#include "format.h"	/* fmt_vsnprintf */
#include "console.h"	/* console_write */

static int runtime_level = LOG_INFO;

static const char *const level_tag[] = { "EMERG", "ERROR", "WARN ", "INFO ", "DEBUG", "SPEW " };

void log_set_level(int level)
{
	if (level < LOG_EMERG)
		level = LOG_EMERG;
	if (level > LOG_SPEW)
		level = LOG_SPEW;
	runtime_level = level;
}

int log_get_level(void)
{
	return runtime_level;
}

void log_vprintf(int level, const char *fmt, va_list ap)
{
	char line[512];

	if (level > runtime_level)
		return;
	if (level < 0 || level > LOG_SPEW)
		level = LOG_ERR;
	int n = fmt_snprintf(line, sizeof(line), "vmfw %s ", level_tag[level]);
	int m = fmt_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	size_t len = (size_t)n + ((size_t)m < sizeof(line) - (size_t)n - 1 ? (size_t)m : sizeof(line) - (size_t)n - 2);
	if (len == 0 || line[len - 1] != '\n')
		line[len++] = '\n';
	console_write(line, len);
}

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vprintf(level, fmt, ap);
	va_end(ap);
}
