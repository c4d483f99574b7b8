/* MC146818 CMOS/RTC NVRAM as QEMU fills it (memory sizes for the e820 fallback). */
#ifndef VMFW_CMOS_H
#define VMFW_CMOS_H

#include <stdint.h>	/* uint8_t */

#define CMOS_EXT_MEM_LO		0x30	/* KiB above 1 MiB, up to 64 MiB */
#define CMOS_EXT_MEM_HI		0x31
#define CMOS_MEM_ABOVE16M_LO	0x34	/* 64 KiB units above 16 MiB, below 4 GiB */
#define CMOS_MEM_ABOVE16M_HI	0x35
#define CMOS_MEM_ABOVE4G_0	0x5b	/* 64 KiB units above 4 GiB, 24 bits */
#define CMOS_MEM_ABOVE4G_1	0x5c
#define CMOS_MEM_ABOVE4G_2	0x5d

uint8_t cmos_read(uint8_t index);

#endif
