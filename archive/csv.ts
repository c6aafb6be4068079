/**
 * A CSV reader that takes its text in pieces (so that a file of any size is read in bounded memory): quoted cells,
 * doubled quotes, the separator and line breaks inside quotes, `\r\n`, `\n` or `\r` line ends, and a leading UTF-8
 * byte-order mark. It hands over one row at a time.
 */
export class CsvReader {
	private cell = '';
	private row: string[] = [];
	private quoted = false;
	/** The last character was the closing quote of a quoted cell (or the first of a doubled quote). */
	private quoteSeen = false;
	/** The row holds something (a cell, a separator or a quote): a blank line is not a row. */
	private filled = false;
	private started = false;
	private pendingCr = false;
	/** A quote inside an unquoted cell, or text after a closing quote: the CSV is not well formed. */
	malformed = 0;

	constructor(
		private readonly separator: string,
		private readonly onRow: (cells: string[]) => void,
	) {}

	write(text: string): void {
		let i = 0;
		if (!this.started && text.length > 0) {
			this.started = true;
			if (text.charCodeAt(0) === 0xfeff) i = 1;
		}
		for (; i < text.length; i++) {
			const c = text[i];
			if (this.pendingCr) {
				this.pendingCr = false;
				if (c === '\n') continue;
			}
			if (this.quoted) {
				if (this.quoteSeen) {
					this.quoteSeen = false;
					if (c === '"') {
						this.cell += '"';
						continue;
					}
					this.quoted = false;
					// the character after the closing quote: a separator or a line end, or the CSV is not well formed
					if (c !== this.separator && c !== '\r' && c !== '\n') this.malformed += 1;
				} else if (c === '"') {
					this.quoteSeen = true;
					continue;
				} else {
					this.cell += c;
					continue;
				}
			}
			if (c === this.separator) {
				this.row.push(this.cell);
				this.cell = '';
				this.filled = true;
			} else if (c === '\r' || c === '\n') {
				this.endRow();
				if (c === '\r') this.pendingCr = true;
			} else if (c === '"') {
				if (this.cell === '') {
					this.quoted = true;
					this.filled = true;
				} else {
					this.malformed += 1;
					this.cell += c;
				}
			} else {
				this.cell += c;
				this.filled = true;
			}
		}
	}

	/** The end of the text: returns false when it ends inside a quoted cell (a cut-off file). */
	end(): boolean {
		const open = this.quoted && !this.quoteSeen;
		if (this.quoteSeen) this.quoted = false;
		this.quoteSeen = false;
		if (this.filled || this.cell !== '') this.endRow();
		return !open;
	}

	private endRow() {
		if (!this.filled && this.cell === '' && this.row.length === 0) return;
		this.row.push(this.cell);
		const row = this.row;
		this.row = [];
		this.cell = '';
		this.filled = false;
		this.onRow(row);
	}
}

/** All rows of a CSV text (for small texts and tests). */
export function parseCsv(text: string, separator = ','): string[][] {
	const rows: string[][] = [];
	const reader = new CsvReader(separator, (row) => rows.push(row));
	reader.write(text);
	if (!reader.end()) throw new Error('the text ends inside a quoted cell');
	return rows;
}
