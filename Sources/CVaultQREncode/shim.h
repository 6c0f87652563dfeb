// libqrencode: QR codes for the console's TOTP enrolment (VaultServer's QRCode is its one importer).
#include <qrencode.h>
