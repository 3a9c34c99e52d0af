from django.urls import path

from mojoe.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.day_view, name="day"),
    path("week", views.week_view, name="week"),
    path("book", views.book_dialog, name="book-dialog"),
    path("book/patients", views.patient_picker, name="patient-picker"),
    path("book/confirm", views.book, name="book"),
    path("appointments/<uuid:appointment_id>", views.appointment_dialog, name="appointment"),
    path("appointments/<uuid:appointment_id>/reschedule", views.reschedule_dialog, name="reschedule-dialog"),
    path("appointments/<uuid:appointment_id>/reschedule/confirm", views.reschedule, name="reschedule"),
    path("appointments/<uuid:appointment_id>/<str:action>", views.appointment_action, name="action"),
]
