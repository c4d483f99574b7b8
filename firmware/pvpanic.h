/* pvpanic: tell the host the guest (here: the firmware) panicked. */
#ifndef VMFW_PVPANIC_H
#define VMFW_PVPANIC_H

#include <stdint.h>	/* uint*_t */

#define PVPANIC_DEFAULT_PORT	0x505
#define PVPANIC_PANICKED	0x01	/* guest panicked */
#define PVPANIC_CRASH_LOADED	0x02	/* guest is loading a crash kernel */
#define PVPANIC_SHUTDOWN	0x04	/* guest shuts down (newer QEMU) */
#define PVPANIC_KNOWN_EVENTS	0x07

/* Finds the ISA device (fw_cfg etc/pvpanic-port, else the default port) and reads its event mask. */
void pvpanic_probe(void);
/* Port (0: none found) and event mask read from the device. */
uint16_t pvpanic_port(void);
uint8_t pvpanic_events(void);
/* A pvpanic-pci function found by enumeration: reads the mask at BAR0 and keeps it. */
void pvpanic_add_pci(uint16_t bdf, uint64_t bar0);
/* Report a panic: writes PVPANIC_PANICKED if the device supports it. Safe before pvpanic_probe().
 * Writes PANICKED to the ISA device and to every pvpanic-pci function whose mask has it. */
void pvpanic_notify_panic(void);

#endif
