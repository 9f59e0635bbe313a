# Adopt the app's current settings:
#   terraform query -generate-config-out=generated.tf
# writes a contio_webhook_status block and an import block (by identity) for them.
list "contio_webhook_status" "all" {
  provider = contio
}
