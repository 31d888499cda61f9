require "fileinto";
if header :matches "List-Id" "*<*>" {
    set "l" "${2}";
    fileinto "${l}";
}
