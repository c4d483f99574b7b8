/* CMOS NVRAM reads through ports 0x70/0x71 (NMI stays disabled: bit 7 of the index). */
#include "cmos.h"	/* cmos_read */
#include "io.h"		/* inb, outb */

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define CMOS_NMI_OFF	0x80

uint8_t cmos_read(uint8_t index)
{
	outb(CMOS_INDEX, (uint8_t)(index | CMOS_NMI_OFF));
	return inb(CMOS_DATA);
}
