/* ISA pvpanic: the mask is read before any write; only a supported event bit is ever written. */
#include "pvpanic.h"	/* pvpanic_* */
#include "fwcfg.h"	/* fwcfg_read_file */
#include "io.h"		/* inb, outb */
#include "log.h"	/* log_* */
#include "util.h"	/* le16 */

#define PVPANIC_PCI_MAX 4
static struct { uint16_t bdf; uint64_t mmio; uint8_t events; } pci_dev[PVPANIC_PCI_MAX];
static unsigned npci;
static uint16_t port;
static uint8_t events;
static bool probed;

/* A present device answers with its mask: only known bits set. An absent port reads 0xff. */
static bool probe_port(uint16_t p, uint8_t *mask)
{
	uint8_t v = inb(p);
	if (v == 0 || (v & ~PVPANIC_KNOWN_EVENTS))
		return false;
	*mask = v;
	return true;
}

void pvpanic_probe(void)
{
	uint8_t buf[2];
	uint16_t p = 0;

	probed = true;
	port = 0;
	events = 0;
	int64_t n = fwcfg_read_file("etc/pvpanic-port", buf, sizeof(buf));
	if (n == 2)
		p = le16(buf);
	else if (n >= 0)
		log_warn("pvpanic: etc/pvpanic-port is %lld bytes, expected 2; ignored", (long long)n);
	if (!p)
		return;
	if (!probe_port(p, &events)) {
		log_warn("pvpanic: fw_cfg names port 0x%x but it does not answer with an event mask", p);
		return;
	}
	port = p;
	log_info("pvpanic: ISA device at port 0x%x, events 0x%x", port, events);
}

uint16_t pvpanic_port(void) { return port; }
uint8_t pvpanic_events(void) { return events; }

void pvpanic_add_pci(uint16_t bdf, uint64_t bar0)
{
	uint8_t v = readb(bar0);
	if (v == 0 || (v & ~PVPANIC_KNOWN_EVENTS)) {
		log_warn("pvpanic: %02x:%02x.%x BAR0 0x%llx reads 0x%x, not an event mask; not used",
			 bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, (unsigned long long)bar0, v);
		return;
	}
	if (npci >= PVPANIC_PCI_MAX)
		return;
	pci_dev[npci].bdf = bdf;
	pci_dev[npci].mmio = bar0;
	pci_dev[npci].events = v;
	npci++;
	log_info("pvpanic: PCI device %02x:%02x.%x at 0x%llx, events 0x%x", bdf >> 8, (bdf >> 3) & 0x1f,
		 bdf & 7, (unsigned long long)bar0, v);
}

void pvpanic_notify_panic(void)
{
	for (unsigned i = 0; i < npci; i++)
		if (pci_dev[i].events & PVPANIC_PANICKED)
			writeb(pci_dev[i].mmio, PVPANIC_PANICKED);
	/* Before fw_cfg was read (earliest stage), try the default port. */
	if (!probed && probe_port(PVPANIC_DEFAULT_PORT, &events))
		port = PVPANIC_DEFAULT_PORT;
	if (port && (events & PVPANIC_PANICKED))
		outb(port, PVPANIC_PANICKED);
}
