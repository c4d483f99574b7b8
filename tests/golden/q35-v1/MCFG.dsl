/*
 * 
 *
 * ACPI Data Table [MCFG]
 *
 * Format: [HexOffset DecimalOffset ByteLength]  FieldName : FieldValue
 */

[000h 0000   4]                    Signature : "MCFG"    [Memory Mapped Configuration table]
[004h 0004   4]                 Table Length : 0000003C
[008h 0008   1]                     Revision : 01
[00Ah 0010   6]                       Oem ID : "VMFW  "
[010h 0016   8]                 Oem Table ID : "VMFWMCFG"
[018h 0024   4]                 Oem Revision : 00000001
[01Ch 0028   4]              Asl Compiler ID : "VMFW"
[020h 0032   4]        Asl Compiler Revision : 00000001

[024h 0036   8]                     Reserved : 0000000000000000

[02Ch 0044   8]                 Base Address : 00000000B0000000
[034h 0052   2]         Segment Group Number : 0000
[036h 0054   1]             Start Bus Number : 00
[037h 0055   1]               End Bus Number : FF
[038h 0056   4]                     Reserved : 00000000

Raw Table Data: Length 60 (0x3C)

    0000: 4D 43 46 47 3C 00 00 00 01 D8 56 4D 46 57 20 20  // MCFG<.....VMFW  
    0010: 56 4D 46 57 4D 43 46 47 01 00 00 00 56 4D 46 57  // VMFWMCFG....VMFW
    0020: 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 B0  // ................
    0030: 00 00 00 00 00 00 00 FF 00 00 00 00              // ............
