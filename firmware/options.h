/* User options from fw_cfg (-fw_cfg name=opt/vmfw/<name>,string=<value>). */
#ifndef VMFW_OPTIONS_H
#define VMFW_OPTIONS_H

#include <stdbool.h>	/* bool */

struct vmfw_options {
	bool strict;		/* opt/vmfw/strict=1: refuse to boot on any fallback */
	char test_panic[16];	/* opt/vmfw/test-panic=<stage>|exception: exercise the fatal path */
	char machine_type[64];	/* opt/vmfw/machine-type: explicit machine-type token */
};

extern struct vmfw_options vmfw_opts;

/* Reads every opt/vmfw/ option; unknown opt/vmfw/ files are warned about. */
void options_read(void);
/*
 * die() if opt/vmfw/test-panic names this stage; "exception" raises #UD at stage "early".
 * Stages in boot order: early (console, IDT, fw_cfg probe, options), fwcfg, memory, machine,
 * pci, acpi, boot, late (just before the handoff or the halt).
 */
void options_test_panic(const char *stage);

#endif
