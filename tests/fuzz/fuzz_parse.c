/* SPDX-License-Identifier: MIT */
/* The parsers of user input: signal names and numbers, seconds, counts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pidbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	unsigned int ms;
	int n, sig;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	sig = pidbox_signal_parse(text);
	if (sig > 0 && sig < 32 && pidbox_signal_name(sig) &&
	    pidbox_signal_parse(pidbox_signal_name(sig)) != sig)
		abort();
	if (cli_parse_seconds(text, &ms) && ms > 0xffffffffu - 1)
		abort();
	if (cli_parse_uint(text, 1000, &n) && (n < 0 || n > 1000))
		abort();
	free(text);
	return 0;
}
