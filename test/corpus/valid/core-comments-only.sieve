/* Mail filter for jdoe@example.com
 * maintained by the helpdesk
 */
# nothing configured yet
