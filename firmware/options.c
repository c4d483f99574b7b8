/* opt/vmfw/... options: parsed once after fw_cfg is up, each logged. */
#include "options.h"	/* vmfw_options */
#include "cpu.h"	/* cpu_trigger_exception */
#include "fwcfg.h"	/* fwcfg_* */
#include "log.h"	/* log_*, die */
#include "util.h"	/* strcmp, strncmp */

struct vmfw_options vmfw_opts;

static const char *const known[] = {
	"opt/vmfw/loglevel", "opt/vmfw/strict", "opt/vmfw/test-panic", "opt/vmfw/test-hide",
	"opt/vmfw/machine-type",
};

static const char *const level_names[] = { "emerg", "error", "warn", "info", "debug", "spew" };

static int parse_level(const char *s)
{
	if (s[0] >= '0' && s[0] <= '5' && s[1] == '\0')
		return s[0] - '0';
	for (int i = 0; i < (int)ARRAY_SIZE(level_names); i++)
		if (!strcmp(s, level_names[i]))
			return i;
	return -1;
}

void options_read(void)
{
	char buf[64];

	if (fwcfg_read_string("opt/vmfw/loglevel", buf, sizeof(buf))) {
		int lvl = parse_level(buf);
		if (lvl < 0)
			log_warn("options: opt/vmfw/loglevel=\"%s\" is not 0-5 or a level name; kept %d", buf,
				 log_get_level());
		else
			log_set_level(lvl);
		if (lvl > LOG_LEVEL_MAX)
			log_warn("options: loglevel %d above this build's LOG_LEVEL_MAX %d", lvl, LOG_LEVEL_MAX);
	}
	if (fwcfg_read_string("opt/vmfw/strict", buf, sizeof(buf))) {
		if (!strcmp(buf, "1") || !strcmp(buf, "on") || !strcmp(buf, "yes"))
			vmfw_opts.strict = true;
		else if (strcmp(buf, "0") && strcmp(buf, "off") && strcmp(buf, "no"))
			log_warn("options: opt/vmfw/strict=\"%s\" is not 0/1; strict stays off", buf);
		log_info("options: strict %s", vmfw_opts.strict ? "on" : "off");
	}
	if (fwcfg_read_string("opt/vmfw/test-hide", buf, sizeof(buf)))
		fwcfg_hide(buf);
	if (fwcfg_read_string("opt/vmfw/test-panic", vmfw_opts.test_panic, sizeof(vmfw_opts.test_panic)))
		log_warn("options: test-panic armed for \"%s\"", vmfw_opts.test_panic);
	fwcfg_read_string("opt/vmfw/machine-type", vmfw_opts.machine_type, sizeof(vmfw_opts.machine_type));

	for (unsigned i = 0; i < fwcfg_file_count(); i++) {
		const char *name = fwcfg_file_at(i)->name;
		if (strncmp(name, "opt/vmfw/", 9))
			continue;
		bool ok = false;
		for (unsigned k = 0; k < ARRAY_SIZE(known); k++)
			ok |= !strcmp(name, known[k]);
		if (!ok)
			log_warn("options: unknown option %s ignored", name);
	}
}

void options_test_panic(const char *stage)
{
	if (!strcmp(stage, "early") && !strcmp(vmfw_opts.test_panic, "exception"))
		cpu_trigger_exception();
	if (!strcmp(vmfw_opts.test_panic, stage))
		die("test-panic requested at stage %s (opt/vmfw/test-panic)", stage);
}
