/* Test-only AML decoder, written separately from acpi/aml.c: AML bytes -> compact ASL-like text. */
#ifndef VMFW_TEST_AML_DECODE_H
#define VMFW_TEST_AML_DECODE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Text form (no spaces):
 *   integers   Zero One Ones B(0x2) W(0x100) D(0x10000) Q(0x100000000)
 *   strings    "text"         names  \_SB.PCI0  ^^LNKA  (NameSeg padding '_' stripped)
 *   terms      Scope(\_SB){...}  Device(PCI0){...}  Method(_STA,0,N){...}  Name(_HID,D(0x30ad041))
 *              If(pred){...}  Else{...}  While(pred){...}  Return(x)  Store(a,b)  And(a,b,t)
 *              LEqual(a,b) ...  OperationRegion(PIRQ,2,B(0x60),B(0x4))  Field(PIRQ,0x1){PRQ0:8,_:32}
 *              CreateDWordField(src,idx,NAME)  Package(n){a,b}  Buffer(n){0x01,..}
 *              RT{IO(0x70,0x70,1,8),IRQNoFlags(8),...}  (buffers that are resource templates)
 *   each term of a TermList is followed by ';'. Null targets print as Null.
 * Returns 0 on success, -1 on malformed input (message in err).
 */
int aml_decode(const uint8_t *aml, size_t len, char *out, size_t cap, char *err, size_t errcap);

/* Decodes a PkgLength at p (at most avail bytes): returns the number of bytes used, 0 if malformed;
 * *value gets the encoded value. */
unsigned aml_decode_pkglen(const uint8_t *p, size_t avail, uint32_t *value);

#endif
