require "copy";
if header :contains "subject" "[support]" {
    redirect :copy "helpdesk@example.com";
}
