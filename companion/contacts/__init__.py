"""The people I met, exported as an address book (.vcf) or a spreadsheet (.csv)."""
