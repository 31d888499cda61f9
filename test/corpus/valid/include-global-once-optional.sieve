require "include";
include :global :once "core-keep-only";
include :optional "user-extras";
return;
