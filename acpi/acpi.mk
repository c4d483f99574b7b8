# ACPI: AML encoder and table builders (no I/O; the boot flow places and reports the tables).
ACPI_SRCS += acpi/aml.c acpi/acpi_tables.c acpi/acpi_dsdt.c
