/* SPDX-License-Identifier: MIT */
/*
 * The state-record parser, fed anything.  It must never read out of bounds
 * nor accept a record it cannot write back: whatever it accepts is formatted
 * and parsed again, and must come back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct box_record rec, back;
	char buf[RECORD_MAX];
	int len;

	if (record_parse((const char *)data, size, &rec) != 0)
		return 0;
	len = record_format(&rec, buf, sizeof(buf));
	if (len < 0 || record_parse(buf, (size_t)len, &back) != 0)
		abort();
	if (strcmp(rec.name, back.name) || strcmp(rec.token, back.token) || rec.kind != back.kind ||
	    rec.state != back.state || rec.ns != back.ns || rec.owner != back.owner ||
	    rec.owner_start != back.owner_start || rec.pid != back.pid ||
	    rec.init.start != back.init.start || rec.init.pidns != back.init.pidns ||
	    rec.init.pidfs != back.init.pidfs || rec.pid1_command != back.pid1_command ||
	    rec.log != back.log)
		abort();
	return 0;
}
