/* struct acpi_machine from fw_cfg, the variant and probed ISA devices (BIOS and UEFI builds). */
#include "acpi_describe.h"	/* acpi_describe_common */
#include "format.h"	/* fmt_snprintf */
#include "fwcfg.h"	/* fwcfg_* */
#include "io.h"		/* readl */
#include "log.h"	/* log_warn */
#include "pvpanic.h"	/* pvpanic_port */

#define HPET_BASE	0xfed00000u

bool console_has_uart(void);

static void describe_cpus(struct acpi_machine *m)
{
	unsigned present = fwcfg_read_u16(FW_CFG_NB_CPUS);
	unsigned possible = fwcfg_read_u16(FW_CFG_MAX_CPUS);
	if (!present)
		present = 1;
	if (possible < present)
		possible = present;
	if (possible > ACPI_MAX_CPUS) {
		log_warn("acpi: %u possible CPUs; describing the first %u", possible, ACPI_MAX_CPUS);
		possible = ACPI_MAX_CPUS;
	}
	m->ncpus_present = present < possible ? present : possible;
	m->ncpus_possible = possible;
	for (unsigned i = 0; i < possible; i++)
		m->apic_id[i] = i;
}

/* etc/system-states bytes 3 and 4: bit 7 = S3 / S4 enabled, bits 2:0 = its SLP_TYP value. */
static void describe_sleep(struct acpi_machine *m, const struct variant_choice *v)
{
	uint8_t st[6];
	if (fwcfg_read_file("etc/system-states", st, sizeof(st)) != (int64_t)sizeof(st))
		return;
	m->s3_allowed = v->rule->f.sleep_s3_s4 && (st[3] & 0x80);
	m->s4_allowed = v->rule->f.sleep_s3_s4 && (st[4] & 0x80);
	m->s3_typ = st[3] & 7;
	m->s4_typ = st[4] & 7;
}

void acpi_describe_common(struct acpi_machine *m, char *src, size_t cap, const struct variant_choice *v,
			  bool q35, uint64_t ecam_base, uint64_t ecam_size)
{
	acpi_machine_defaults(m, q35 ? ACPI_CHIPSET_Q35 : ACPI_CHIPSET_PIIX);
	m->variant.name = v->rule->variant;
	fmt_snprintf(src, cap, "%s:%s", variant_source_name(v->source), v->token);
	m->variant.token_source = src;
	m->variant.fadt_rev = v->rule->f.fadt_revision;
	m->variant.rsdp_rev0 = v->rule->f.rsdp_revision == 0;
	if (!v->rule->f.pvpanic_acpi)
		m->variant.features |= ACPI_VF_NO_PVPANIC;
	describe_cpus(m);
	m->hpet_present = (readl(HPET_BASE) >> 16) == 0x8086;
	if (ecam_size) {
		m->ecam_base = ecam_base;
		m->ecam_size = ecam_size;
		m->ecam_bus_start = 0;
		m->ecam_bus_end = (uint8_t)(ecam_size / (1 << 20) - 1);
	}
	describe_sleep(m, v);
	m->pvpanic_port = pvpanic_port();
	m->com1_present = console_has_uart();
}
