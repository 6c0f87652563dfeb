// libpcap (pcap and pcapng captures), seen from Swift. Only VaultRTP imports this module.
#ifndef CVAULT_PCAP_SHIM_H
#define CVAULT_PCAP_SHIM_H
#include <pcap/pcap.h>
#endif
