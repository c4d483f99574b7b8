/* Host-test stand-ins for the consoles and die(): capture what the code under test logs. */
#ifndef VMFW_TEST_CONSOLE_H
#define VMFW_TEST_CONSOLE_H

#include <setjmp.h>	/* jmp_buf */
#include <stdbool.h>	/* bool */

/* Clears the captured log and inventory text. */
void test_console_reset(void);
/* True when the captured log (all levels) contains the substring. */
bool test_log_contains(const char *needle);
/* Everything logged since the last reset. */
const char *test_log_text(void);
/* Inventory lines written since the last reset. */
const char *test_inv_text(void);

/*
 * die() in host tests: when test_die_jmp is armed (TEST_EXPECT_DIE), it records the
 * message and longjmps there; otherwise it fails the test.
 */
extern jmp_buf *test_die_jmp;
extern char test_die_msg[512];
#define TEST_EXPECT_DIE(stmt) ({ jmp_buf jb_; bool died_ = false; test_die_jmp = &jb_; \
	if (setjmp(jb_) == 0) { stmt; } else { died_ = true; } test_die_jmp = NULL; died_; })

#endif
