"""My card: its QR code (SVG for the screen, PNG for print) and the printable badge."""
